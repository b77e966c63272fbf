package secplane.testbeds.injection;

import jakarta.servlet.http.HttpServlet;

/**
 * One exact path and the servlet that answers it. Both containers register the same list, so the
 * endpoints behave the same on Tomcat and on Jetty.
 *
 * @param path        the exact request path, e.g. {@code /sql/user}
 * @param description one line for the index page and the docs
 * @param servlet     the handler
 */
public record Route(String path, String description, HttpServlet servlet) {
}
