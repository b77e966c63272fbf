package secplane.drill.corpus;

import java.util.Locale;

/** Where a payload goes in the request: a parameter of some location, a header, or the whole body. */
public enum Placement {
    /** A query-string parameter. */
    QUERY,
    /** A field of an {@code application/x-www-form-urlencoded} body. */
    FORM,
    /** A top-level string field of a JSON object body. */
    JSON,
    /** A request header (the case names it). */
    HEADER,
    /** A path segment, e.g. {@code {id}} in {@code /users/{id}}. */
    PATH,
    /** The whole body of an endpoint that takes XML. */
    XML,
    /** The whole body of an endpoint that takes binary data (serialized objects). */
    BINARY;

    /** The lower-case name used in the corpus files and endpoint lists. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Placement fromWire(String text) {
        for (Placement p : values()) {
            if (p.wire().equals(text)) {
                return p;
            }
        }
        return null;
    }
}
