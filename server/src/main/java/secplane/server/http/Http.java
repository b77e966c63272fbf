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
        return TIME.format(Instant.ofEpochMilli(epochMillis));
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
