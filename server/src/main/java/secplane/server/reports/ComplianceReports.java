package secplane.server.reports;

import java.net.URI;
import java.time.Instant;

/**
 * Renders the compliance report (docs/compliance.md) for {@code GET /v1/reports/compliance}. The report is
 * built by calling the plane's own read API as a client, so the renderer lives in the report module, which
 * depends on the server; the server finds it through {@link java.util.ServiceLoader} and answers 501 when the
 * class path has none (a bare server jar).
 */
public interface ComplianceReports {

    /** What the report is rendered as. */
    enum Format {
        PDF("application/pdf", "pdf"),
        HTML("text/html; charset=utf-8", "html");

        private final String contentType;
        private final String extension;

        Format(String contentType, String extension) {
            this.contentType = contentType;
            this.extension = extension;
        }

        public String contentType() {
            return contentType;
        }

        public String extension() {
            return extension;
        }
    }

    /**
     * One report to render.
     *
     * @param plane the plane's API on the loopback address, on the port the request came in on
     * @param token the caller's own operator token: the report reads only what the caller may read
     * @param from  start of the period (inclusive)
     * @param to    end of the period (exclusive)
     * @param lang  {@code en} or {@code zh}
     */
    record Request(URI plane, String token, Instant from, Instant to, String lang, Format format) {
        @Override
        public String toString() {
            // the token is a secret: never in a log line or an exception message
            return "Request[plane=" + plane + ", from=" + from + ", to=" + to + ", lang=" + lang + ", format=" + format + "]";
        }
    }

    /**
     * The rendered report.
     *
     * @param note a remark for the caller (e.g. the PDF fell back to English for want of a Chinese font), or null
     */
    record Rendered(byte[] body, String note) {
    }

    /**
     * Renders one report. A failure the caller can fix is thrown as {@link secplane.server.http.ApiError}
     * with its status; anything else becomes a 500.
     */
    Rendered render(Request request) throws Exception;
}
