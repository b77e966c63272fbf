package secplane.testbeds.requests;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A document reader that trusts the name it is given (CWE-22), reached five ways so that every way a
 * request's input gets to a sink is exercised: the query string, a form body, a JSON body read by the
 * application, and a task on an executor or a CompletableFuture. {@code /hello} reflects its input
 * into HTML (CWE-79). {@code /sink/<library>} is {@link Sinks}.
 */
public final class Documents extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Pattern JSON_NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"");

    private final transient File docs;
    private final transient ExecutorService pool = Executors.newFixedThreadPool(2);
    private final transient Sinks sinks = new Sinks();

    public Documents(File docs) {
        this.docs = docs;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/sink".equals(request.getServletPath())) {
            sinks.service(request, response);
            return;
        }
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String answer;
        try {
            switch (path) {
                case "/read":
                    answer = read(request.getParameter("name"));
                    break;
                case "/read-form":
                    answer = read(request.getParameter("name"));
                    break;
                case "/read-json": {
                    String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    Matcher m = JSON_NAME.matcher(body);
                    answer = read(m.find() ? m.group(1) : "");
                    break;
                }
                case "/read-executor": {
                    String name = request.getParameter("name");
                    answer = pool.submit(() -> read(name)).get();
                    break;
                }
                case "/read-future": {
                    String name = request.getParameter("name");
                    answer = CompletableFuture.supplyAsync(() -> {
                        try {
                            return read(name);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).get();
                    break;
                }
                case "/customers": {
                    String count = request.getParameter("count");
                    Customers.customers(response, count == null ? 1 : Math.min(1000, Integer.parseInt(count)));
                    return;
                }
                case "/customers-writer": {
                    String count = request.getParameter("count");
                    Customers.customersThroughWriter(response, count == null ? 1 : Math.min(1000, Integer.parseInt(count)));
                    return;
                }
                case "/secure/customers": {
                    String count = request.getParameter("count");
                    Customers.customers(response, count == null ? 1 : Math.min(1000, Integer.parseInt(count)));
                    return;
                }
                case "/export/customers.csv":
                    Customers.exportCsv(response, 40);
                    return;
                case "/export/customers.json":
                    Customers.exportJson(response, 40);
                    return;
                case "/orders":
                    Customers.orders(response);
                    return;
                case "/partner-export": {
                    String count = request.getParameter("count");
                    // the partner is configuration (-Drequest-app.partner=<url>), as an integration's endpoint would be
                    Customers.export(response, System.getProperty("request-app.partner"), count == null ? 1 : Math.min(1000, Integer.parseInt(count)));
                    return;
                }
                case "/hello":
                    response.setContentType("text/html;charset=UTF-8");
                    response.getWriter().write("<html><body><p>Hello, " + request.getParameter("name") + "!</p></body></html>");
                    return;
                default:
                    response.sendError(404);
                    return;
            }
        } catch (Exception e) {
            Answers.failed(response, e);
            return;
        }
        Answers.text(response, answer);
    }

    private String read(String name) throws IOException {
        try (InputStream in = new FileInputStream(new File(docs, name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
