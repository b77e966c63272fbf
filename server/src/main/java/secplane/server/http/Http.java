package secplane.server.http;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import secplane.protocol.json.Json;

/** JSON responses and the small conversions every route needs. */
public final class Http {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Http() {
    }

    public static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    public static void error(Context ctx, ApiError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        json(ctx, e.status(), body);
    }

    /** Times on the wire: UTC with milliseconds, as in docs/protocol.md. */
    public static String time(long epochMillis) {
        if (epochMillis < 0 || epochMillis >= 253402300800000L) {
            return TIME.format(Instant.ofEpochMilli(epochMillis));
        }
        // The same text as TIME, without the formatter's cost (lists of a thousand agents carry three times each).
        long days = Math.floorDiv(epochMillis, 86_400_000L);
        long ms = Math.floorMod(epochMillis, 86_400_000L);
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(days);
        char[] out = "0000-00-00T00:00:00.000Z".toCharArray();
        digits(out, 0, 4, d.getYear());
        digits(out, 5, 2, d.getMonthValue());
        digits(out, 8, 2, d.getDayOfMonth());
        digits(out, 11, 2, (int) (ms / 3_600_000));
        digits(out, 14, 2, (int) (ms / 60_000 % 60));
        digits(out, 17, 2, (int) (ms / 1000 % 60));
        digits(out, 20, 3, (int) (ms % 1000));
        return new String(out);
    }

    private static void digits(char[] out, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    public static String timeOrNull(Long epochMillis) {
        return epochMillis == null ? null : time(epochMillis);
    }

    public static long parseTime(String value, String what) {
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiError.invalid(what + ": '" + value + "' is not a time; expected ISO-8601 UTC such as 2026-11-29T19:40:00Z");
        }
    }

    public static Long queryTime(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isEmpty() ? null : parseTime(v, "query parameter " + name);
    }

    public static int queryInt(Context ctx, String name, int dflt, int min, int max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw ApiError.invalid("query parameter " + name + "=" + v + " is out of range; expected " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.invalid("query parameter " + name + "=" + v + " is not an integer");
        }
    }

    public static long queryLong(Context ctx, String name, long dflt, long min, long max) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw ApiError.invalid("query parameter " + name + "=" + v + " is out of range; expected " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiError.invalid("query parameter " + name + "=" + v + " is not an integer");
        }
    }
}
