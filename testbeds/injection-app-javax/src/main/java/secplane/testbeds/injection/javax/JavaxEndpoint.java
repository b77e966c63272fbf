package secplane.testbeds.injection.javax;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import secplane.testbeds.injection.Refusal;

/** The {@code javax.servlet} counterpart of the injection app's {@code Endpoint}: same errors, same bodies. */
abstract class JavaxEndpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected final void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getCharacterEncoding() == null) {
            request.setCharacterEncoding(StandardCharsets.UTF_8.name());
        }
        try {
            answer(request, response);
        } catch (Refusal refusal) {
            text(response, refusal.status(), refusal.getMessage() + "\n");
        }
    }

    protected abstract void answer(HttpServletRequest request, HttpServletResponse response)
            throws IOException, Refusal;

    protected static String required(HttpServletRequest request, String name) throws Refusal {
        String value = request.getParameter(name);
        if (value == null) {
            throw Refusal.badInput("missing parameter '" + name + "'");
        }
        return value;
    }

    protected static void text(HttpServletResponse response, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
