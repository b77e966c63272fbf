package secplane.drill.corpus;

import java.util.List;
import java.util.Set;

/**
 * One attack of the corpus.
 *
 * @param id          unique over the corpus, starts with the category, e.g. {@code sql-tautology}
 * @param category    one of {@link Categories#ALL}
 * @param name        what it does, in a few words
 * @param sources     where it comes from: CVE, CWE, OWASP WSTG or CAPEC ids
 * @param in          where the payload may go
 * @param kinds       the kinds of parameter it applies to ({@code any} for all)
 * @param payload     the text sent, with placeholders {@code <marker>} (fresh per request) and {@code <port>}
 *                    (the callback port); null for a binary case
 * @param binary      the bytes of a binary body (placement {@code binary}), or null
 * @param header      the header it is sent in (placement {@code header}), or null
 * @param parameter   a parameter of its own it adds to the request instead of filling one the endpoint has, or null
 * @param contentType the body's content type for a binary case, or null
 * @param raw         the payload is already percent-encoded as it must appear on the wire
 */
public record AttackCase(String id, String category, String name, List<String> sources, Set<Placement> in, Set<String> kinds,
                         String payload, byte[] binary, String header, String parameter, String contentType, boolean raw) {

    /** Whether the case aims at a parameter of this kind. */
    public boolean appliesToKind(String kind) {
        return kinds.contains("any") || kinds.contains(kind);
    }
}
