package secplane.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Keyset cursors (docs/protocol.md "Console calls"): the sort key of the last row a page showed,
 * tagged with the list it belongs to, as base64url without padding. Holding the key rather than a
 * position keeps a cursor valid while rows are added, across restarts and across replicas.
 */
public final class Cursor {
    // A separator that no key part holds: ids, services and times are printable text.
    private static final char SEP = '\u0001';

    private Cursor() {
    }

    /** The cursor of {@code list} (e.g. {@code "events.before"}) at the given key parts. */
    public static String encode(String list, Object... parts) {
        StringBuilder b = new StringBuilder(list);
        for (Object p : parts) {
            b.append(SEP).append(p);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key parts of a cursor given in query parameter {@code param}, which must be one of
     * {@code list} with exactly {@code count} parts; anything else is a 400 {@code bad-cursor}.
     */
    public static String[] decode(String param, String value, String list, int count) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad(param, value, list);
        }
        String[] parts = text.split(String.valueOf(SEP), -1);
        if (parts.length != count + 1 || !parts[0].equals(list)) {
            throw bad(param, value, list);
        }
        String[] out = new String[count];
        System.arraycopy(parts, 1, out, 0, count);
        return out;
    }

    /** A numeric key part of a decoded cursor. */
    public static long number(String param, String value, String part, String list) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw bad(param, value, list);
        }
    }

    private static ApiError bad(String param, String value, String list) {
        String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        return new ApiError(400, "bad-cursor", "query parameter " + param + "='" + shown + "' is not a cursor of this list (" + list
                + "); pass back the 'next' or 'newest' value of an earlier response unchanged, or drop " + param + " to start from the newest rows");
    }
}
