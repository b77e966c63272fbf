package secplane.server.reports;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;
import secplane.server.http.ApiError;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * {@code GET /v1/reports/compliance?from=&to=&lang=en|zh&format=pdf|html}: the compliance report as a download
 * (docs/compliance.md "From the control plane"). Viewer role. The renderer reads the plane through its API on
 * the loopback address of the port the request came in on, with the caller's own token, so the report holds
 * exactly what the caller may read.
 */
public final class ReportRoutes {
    /** Longer periods than a year are refused: the report's event queries are bounded by the API's limits. */
    static final Duration MAX_PERIOD = Duration.ofDays(366);
    static final Duration DEFAULT_PERIOD = Duration.ofDays(30);

    private ReportRoutes() {
    }

    public static void routes(Javalin app, Store store) {
        routes(app, store, ServiceLoader.load(ComplianceReports.class, ReportRoutes.class.getClassLoader()).findFirst());
    }

    /** With an explicit renderer (or none): what the service loader would find, for tests. */
    public static void routes(Javalin app, Store store, Optional<ComplianceReports> renderer) {
        app.get("/v1/reports/compliance", ctx -> {
            store.transaction(c -> Tokens.operator(c, ctx, Principal.Role.VIEWER));
            // The renderer calls this port back with the caller's own credential: the bearer token, or on the
            // console's port the session secret (read-only GETs, which the session may make without the CSRF header).
            String token = ctx.header("Authorization") == null && ctx.cookie(Tokens.SESSION_COOKIE) != null
                    ? ctx.cookie(Tokens.SESSION_COOKIE).trim() : Tokens.bearer(ctx);
            Instant to = time(ctx, "to");
            if (to == null) {
                to = Instant.now();
            }
            Instant from = time(ctx, "from");
            if (from == null) {
                from = to.minus(DEFAULT_PERIOD);
            }
            if (!from.isBefore(to)) {
                throw ApiError.invalid("the period is empty: from=" + from + " is not before to=" + to + "; give from earlier than to");
            }
            if (Duration.between(from, to).compareTo(MAX_PERIOD) > 0) {
                throw ApiError.invalid("the period from " + from + " to " + to + " is longer than " + MAX_PERIOD.toDays() + " days; choose a shorter one");
            }
            String lang = choice(ctx, "lang", "en", List.of("en", "zh"));
            ComplianceReports.Format format = ComplianceReports.Format.valueOf(choice(ctx, "format", "pdf", List.of("pdf", "html")).toUpperCase(Locale.ROOT));
            ComplianceReports impl = renderer.orElseThrow(() -> new ApiError(501, "not-implemented",
                    "this control plane was started without the report module, so it cannot render the compliance report; "
                            + "run the secplane command's own jar (it holds both), or use 'secplane report compliance --server … --token …'"));
            boolean tls = "https".equalsIgnoreCase(ctx.scheme());
            URI plane = URI.create((tls ? "https" : "http") + "://127.0.0.1:" + ctx.req().getLocalPort());
            ComplianceReports.Rendered out = impl.render(new ComplianceReports.Request(plane, token, from, to, lang, format));
            String name = "secplane-compliance-" + day(from) + "-" + day(to) + "-" + lang + "." + format.extension();
            ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
            ctx.header("Cache-Control", "no-store");
            if (out.note() != null) {
                // header values are ASCII; the note is the renderer's own English text
                ctx.header("X-Secplane-Note", out.note().replaceAll("[^\\x20-\\x7e]", "?"));
            }
            ctx.status(200).contentType(format.contentType()).result(out.body());
        });
    }

    /** An ISO-8601 instant, or a date (midnight UTC), or null when absent. */
    static Instant time(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(v);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw ApiError.invalid("query parameter " + name + "=" + v + " is not a time; give ISO-8601 UTC such as 2026-11-01T00:00:00Z or a date such as 2026-11-01");
            }
        }
    }

    static String choice(Context ctx, String name, String dflt, List<String> allowed) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        if (!allowed.contains(v)) {
            throw ApiError.invalid("query parameter " + name + "=" + v + " is not accepted; expected " + String.join(" or ", allowed));
        }
        return v;
    }

    private static String day(Instant t) {
        return t.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
