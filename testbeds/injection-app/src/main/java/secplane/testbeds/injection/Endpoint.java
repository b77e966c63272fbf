package secplane.testbeds.injection;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Base of every endpoint: answers any method, turns a {@link Refusal} into its status with a
 * one-line text body, and lets everything else (bugs, a guard's {@link SecurityException})
 * propagate to the container.
 */
public abstract class Endpoint extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Request bodies above this are refused. */
    protected static final int MAX_BODY = 1024 * 1024;

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

    /** The parameter's value; a 400 naming it when it is missing. */
    protected static String required(HttpServletRequest request, String name) throws Refusal {
        String value = request.getParameter(name);
        if (value == null) {
            throw Refusal.badInput("missing parameter '" + name + "'");
        }
        return value;
    }

    /** The request body, at most {@link #MAX_BODY} bytes. */
    protected static byte[] body(HttpServletRequest request) throws IOException, Refusal {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw Refusal.badInput("request body larger than " + MAX_BODY + " bytes");
            }
            return bytes;
        }
    }

    protected static void text(HttpServletResponse response, int status, String body) throws IOException {
        write(response, status, "text/plain;charset=UTF-8", body);
    }

    protected static void write(HttpServletResponse response, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(contentType);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
