package secplane.drill.run;

import java.util.Map;
import secplane.drill.corpus.AttackCase;
import secplane.drill.discovery.Endpoint;

/**
 * One request of a drill: an attack case (or a benign value) aimed at one place of one endpoint.
 *
 * @param seq         its number in the run, from 1; part of its marker
 * @param attack      the case, or null for a benign request
 * @param benignKind  for a benign request, the kind of value sent, else null
 * @param endpoint    where it goes
 * @param aimedAt     the parameter, header or body it fills, e.g. {@code query name}, {@code header User-Agent}, {@code body xml}
 * @param method      HTTP method
 * @param pathAndQuery the request target as sent
 * @param headers     extra headers (besides the marker)
 * @param contentType the body's type, or null without a body
 * @param body        the body, or null
 */
public record Attempt(int seq, AttackCase attack, String benignKind, Endpoint endpoint, String aimedAt, String method,
                      String pathAndQuery, Map<String, String> headers, String contentType, byte[] body) {

    public boolean benign() {
        return attack == null;
    }

    /** The id carried in the marker: the case id, or {@code benign}. */
    public String caseId() {
        return attack == null ? "benign" : attack.id();
    }

    /** {@code GET /sql/user?name=...} (bounded), for reports. */
    public String requestLine() {
        String line = method + " " + pathAndQuery;
        if (line.length() > 300) {
            line = line.substring(0, 300) + "…";
        }
        if (body != null) {
            line += " (" + body.length + "-byte " + contentType + " body)";
        }
        return line;
    }
}
