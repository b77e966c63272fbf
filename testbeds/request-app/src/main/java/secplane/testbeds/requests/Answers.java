package secplane.testbeds.requests;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** How the testbed's servlets answer: plain text, or 500 naming the root cause unless the agent has answered already. */
final class Answers {
    private Answers() {
    }

    static void text(HttpServletResponse response, String answer) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write(answer);
    }

    static void failed(HttpServletResponse response, Exception e) throws IOException {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (response.isCommitted()) {
            return; // the agent has answered already (403 naming its event)
        }
        response.setStatus(500);
        text(response, "failed: " + root);
    }
}
