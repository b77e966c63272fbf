package secplane.testbeds.requests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A plain-servlet customer API for the data governance tests: {@code /customers?count=N} returns N
 * synthetic customers as JSON (resident IDs valid under GB 11643 MOD 11-2, UnionPay cards valid under
 * Luhn, mobile numbers, and a free-text note holding a mobile), written as bytes to the servlet output
 * stream like a JSON library would; {@code /orders} returns only benign numbers (order numbers,
 * timestamps, product codes, 18-digit ids that fail the resident-ID checksum), which must never be masked.
 */
final class Customers {
    private Customers() {
    }

    static void customers(HttpServletResponse response, int count) throws IOException {
        write(response, json(count));
    }

    /**
     * {@code /partner-export?count=N}: posts N customers as JSON to the configured partner with the JDK HttpClient (as an
     * integration would hand data to a third party) and answers with the partner's status.
     */
    static void export(HttpServletResponse response, String to, int count) throws IOException, InterruptedException {
        java.net.http.HttpResponse<Void> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(to)).header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json(count))).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("exported " + count + ", partner answered " + r.statusCode());
    }

    static String json(int count) {
        StringBuilder sb = new StringBuilder("{\"customers\":[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(i + 1)
                    .append(",\"name\":\"Customer ").append(i + 1)
                    .append("\",\"idCard\":\"").append(residentId(i))
                    .append("\",\"bankCard\":\"").append(card(i))
                    .append("\",\"mobile\":\"").append(mobile(i))
                    .append("\",\"note\":\"call back on ").append(mobile(i + 1)).append(" after 6pm\"}");
        }
        sb.append("]}");
        return sb.toString();
    }

    /** The same customers through {@code getWriter().write(String)}, one write per customer, like a template engine. */
    static void customersThroughWriter(HttpServletResponse response, int count) throws IOException {
        response.setContentType("application/json;charset=UTF-8");
        java.io.PrintWriter w = response.getWriter();
        w.write("{\"customers\":[");
        for (int i = 0; i < count; i++) {
            w.write((i > 0 ? "," : "") + "{\"id\":" + (i + 1) + ",\"name\":\"Customer " + (i + 1) + "\",\"idCard\":\"" + residentId(i)
                    + "\",\"bankCard\":\"" + card(i) + "\",\"mobile\":\"" + mobile(i) + "\",\"note\":\"call back on " + mobile(i + 1) + " after 6pm\"}");
        }
        w.write("]}");
    }

    /**
     * A customer export as CSV (RFC 4180 with a header row), written as bytes with its Content-Length: an id, a name,
     * a free-text remark, a city and the balance in yuan with two decimals.
     */
    static void exportCsv(HttpServletResponse response, int count) throws IOException {
        StringBuilder sb = new StringBuilder("customer_id,name,remark,city,balance\r\n");
        for (int i = 0; i < count; i++) {
            sb.append("C").append(10001 + i).append(",Customer ").append(i + 1).append(",").append(remark(i)).append(",")
                    .append(CITIES[i % CITIES.length]).append(",").append(balance(i)).append("\r\n");
        }
        send(response, "text/csv;charset=UTF-8", sb.toString());
    }

    /** The same export as a JSON array of objects. */
    static void exportJson(HttpServletResponse response, int count) throws IOException {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            sb.append(i > 0 ? "," : "").append("{\"customer_id\":\"C").append(10001 + i).append("\",\"name\":\"Customer ").append(i + 1)
                    .append("\",\"remark\":\"").append(remark(i)).append("\",\"city\":\"").append(CITIES[i % CITIES.length])
                    .append("\",\"balance\":").append(balance(i)).append("}");
        }
        send(response, "application/json;charset=UTF-8", sb.append("]").toString());
    }

    private static final String[] CITIES = {"Beijing", "Shanghai", "Shenzhen", "Hangzhou", "Chengdu"};
    private static final String[] REMARKS = {"prefers email contact", "asked about the new savings plan", "long-standing customer since 2012",
        "moved to a new address last spring", "requested a paper statement"};

    private static String remark(int i) {
        return REMARKS[i % REMARKS.length];
    }

    private static String balance(int i) {
        long cents = 100_000 + (i * 7_919_357L) % 9_000_000;
        return cents / 100 + "." + String.format("%02d", cents % 100);
    }

    private static void send(HttpServletResponse response, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.setContentType(type);
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    static void orders(HttpServletResponse response) throws IOException {
        write(response, "{\"orders\":[{\"order\":\"ORD-20240317-000123\",\"placedAt\":\"2024-03-17T10:15:30Z\",\"epochMillis\":1710670530000,"
                + "\"product\":\"SKU-AB12-3456\",\"trace\":\"731925846201937462\",\"amount\":129.90}]}");
    }

    private static void write(HttpServletResponse response, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(bytes.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(bytes);
        }
    }

    /** 110101 (Dongcheng, Beijing), a birth date in 1990, a sequence number and the GB 11643 check character. */
    static String residentId(int i) {
        String body = "110101" + "1990" + String.format("%02d%02d", 1 + i / 28 % 12, 1 + i % 28) + String.format("%03d", 100 + i % 900);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int k = 0; k < 17; k++) {
            sum += (body.charAt(k) - '0') * w[k];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    /** A UnionPay (62) card number of 19 digits with its Luhn check digit. */
    static String card(int i) {
        String body = "622202" + String.format("%012d", 123456789L + i * 7919L);
        int sum = 0;
        for (int k = body.length() - 1, pos = 0; k >= 0; k--, pos++) {
            int d = body.charAt(k) - '0';
            if (pos % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return body + (10 - sum % 10) % 10;
    }

    static String mobile(int i) {
        return "138" + String.format("%08d", 12345678 + i * 37);
    }
}
