package secplane.testbeds.injection.xss;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * {@code /hello?name=}: an HTML page greeting the visitor, with the name in the heading and in a form
 * field's value. The vulnerable endpoint writes the name as it came (CWE-79, reflected): tags run in
 * the heading, and a double quote leaves the attribute. The safe twin encodes {@code & < > " '} as
 * character references, which is enough in both places (element content and a quoted attribute).
 */
public final class HelloPage extends Endpoint {

    private static final long serialVersionUID = 1L;

    private final boolean safe;

    public HelloPage(boolean safe) {
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String name = request.getParameter("name");
        if (name == null || name.isEmpty()) {
            name = "visitor";
        }
        String shown = safe ? encode(name) : name;
        write(response, 200, "text/html;charset=UTF-8", "<!DOCTYPE html>\n<html><head><title>Hello</title></head><body>\n"
                + "<h1>Hello, " + shown + "!</h1>\n"
                + "<form action=\"hello\"><input name=\"name\" value=\"" + shown + "\"><button>Greet</button></form>\n"
                + "</body></html>\n");
    }

    static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
