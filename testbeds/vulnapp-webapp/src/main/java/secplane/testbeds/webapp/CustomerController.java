package secplane.testbeds.webapp;

import java.util.Map;
import java.util.logging.Level;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * A customer service that does what real ones too often do: it logs the customer it loaded, identity
 * number, bank card and mobile included, through all three logging libraries a Java service meets
 * (Log4j 2, SLF4J on Logback, java.util.logging), and returns the record as JSON. The customer is read
 * through JDBC from the {@code customers} table of an embedded H2 database ({@link CustomerTable}). Customer {@code 2}
 * is an order with only benign numbers (order number, timestamp, product code, an 18-digit id that
 * fails the resident-ID checksum), which must never be masked.
 */
@Controller
public final class CustomerController {
    private static final org.apache.logging.log4j.Logger LOG4J = org.apache.logging.log4j.LogManager.getLogger("customers.log4j");
    private static final org.slf4j.Logger SLF4J = org.slf4j.LoggerFactory.getLogger("customers.logback");
    private static final java.util.logging.Logger JUL = java.util.logging.Logger.getLogger("customers.jul");

    /** Synthetic people: the identity numbers and cards pass their checksums (GB 11643, Luhn) but belong to no one. */
    private static final Map<String, String[]> CUSTOMERS = Map.of(
            "1", new String[] {"Zhang Wei", "110101199003074477", "6222021234567890128", "13812345678"});
    /** Created on the first request, so that the database costs the application's start nothing. */
    private CustomerTable table;

    private synchronized CustomerTable table() {
        if (table == null) {
            table = CustomerTable.create(CUSTOMERS);
        }
        return table;
    }
    private static final String[] ORDER = {"ORD-20240317-000123", "2024-03-17T10:15:30Z", "SKU-AB12-3456", "731925846201937462"};

    @GetMapping(value = "/customers/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    public String customer(@PathVariable("id") String id) throws java.sql.SQLException {
        String[] c = table().find(id);
        if (c == null) {
            String line = "order " + ORDER[0] + " placed at " + ORDER[1] + " for product " + ORDER[2] + " trace " + ORDER[3];
            LOG4J.info("log4j {}", line);
            SLF4J.info("logback {}", line);
            JUL.log(Level.INFO, "jul {0}", line);
            return "{\"order\":\"" + ORDER[0] + "\",\"placedAt\":\"" + ORDER[1] + "\",\"product\":\"" + ORDER[2]
                    + "\",\"trace\":\"" + ORDER[3] + "\"}";
        }
        LOG4J.info("log4j customer {} loaded: name={}, idCard={}, card={}, mobile={}", id, c[0], c[1], c[2], c[3]);
        SLF4J.info("logback customer {} loaded: name={}, idCard={}, card={}, mobile={}", id, c[0], c[1], c[2], c[3]);
        JUL.log(Level.INFO, "jul customer {0} loaded: name={1}, idCard={2}, card={3}, mobile={4}", new Object[] {id, c[0], c[1], c[2], c[3]});
        return "{\"id\":\"" + id + "\",\"name\":\"" + c[0] + "\",\"idCard\":\"" + c[1] + "\",\"bankCard\":\"" + c[2]
                + "\",\"mobile\":\"" + c[3] + "\"}";
    }

    /**
     * Hands customer {@code id}, read from the table like {@link #customer}, to the partner the application is configured
     * with (system property {@code webapp.partner}, a URL) as JSON through the JDK {@code HttpClient}, as an integration
     * passes data to a third party, and answers with the partner's status.
     */
    @PostMapping(value = "/customers/{id}/share", produces = MediaType.TEXT_PLAIN_VALUE)
    @ResponseBody
    public String share(@PathVariable("id") String id) throws Exception {
        String partner = System.getProperty("webapp.partner");
        if (partner == null) {
            throw new IllegalStateException("no partner configured: set -Dwebapp.partner=<url>");
        }
        String[] c = table().find(id);
        if (c == null) {
            return "no customer " + id;
        }
        String body = "{\"id\":\"" + id + "\",\"name\":\"" + c[0] + "\",\"idCard\":\"" + c[1] + "\",\"mobile\":\"" + c[3] + "\"}";
        java.net.http.HttpResponse<Void> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(partner)).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        return "shared customer " + id + ", partner answered " + r.statusCode();
    }

    /**
     * The same customer written through the servlet {@code PrintWriter} ({@code getWriter().write(String)}), as a
     * hand-written view or a template would: on Tomcat 9 the chunk reaches {@code OutputBuffer.write(String, int, int)}.
     */
    @GetMapping("/customers-writer/{id}")
    public void customerThroughWriter(@PathVariable("id") String id, javax.servlet.http.HttpServletResponse response) throws java.io.IOException {
        String[] c = CUSTOMERS.get(id);
        if (c == null) {
            response.sendError(404);
            return;
        }
        response.setContentType("application/json;charset=UTF-8");
        response.getWriter().write("{\"id\":\"" + id + "\",\"name\":\"" + c[0] + "\",\"idCard\":\"" + c[1] + "\",\"bankCard\":\"" + c[2]
                + "\",\"mobile\":\"" + c[3] + "\"}");
    }
}
