package secplane.advisories;

import java.util.Objects;

/**
 * One entry of an OSV range's {@code events} array (OSV schema, "affected[].ranges[].events
 * fields"): the version at which the range's status changes.
 *
 * @param kind    which of the four event fields the object carried
 * @param version the version string, in the syntax of the range's type; {@code "0"} for
 *                {@code introduced} means "before every version", {@code "*"} for {@code limit} means
 *                "infinity" (OSV schema, "Special values")
 */
public record Event(Kind kind, String version) {
    public Event {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(version, "version");
    }

    /** The four event fields of the OSV schema; an event object has exactly one of them. */
    public enum Kind {
        INTRODUCED("introduced"),
        FIXED("fixed"),
        LAST_AFFECTED("last_affected"),
        LIMIT("limit");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        /** The JSON member name, e.g. {@code last_affected}. */
        public String field() {
            return field;
        }
    }

    public static Event introduced(String version) {
        return new Event(Kind.INTRODUCED, version);
    }

    public static Event fixed(String version) {
        return new Event(Kind.FIXED, version);
    }

    public static Event lastAffected(String version) {
        return new Event(Kind.LAST_AFFECTED, version);
    }

    public static Event limit(String version) {
        return new Event(Kind.LIMIT, version);
    }

    @Override
    public String toString() {
        return kind.field + " " + version;
    }
}
