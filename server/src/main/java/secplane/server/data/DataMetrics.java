package secplane.server.data;

import io.javalin.Javalin;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.server.http.Http;
import secplane.server.store.Sql;
import secplane.server.store.Store;
import secplane.server.tokens.Principal;
import secplane.server.tokens.Tokens;

/**
 * Data governance metrics from the data map's aggregates: coverage, exposure by type and level, violations
 * per day; as JSON and in the Prometheus text exposition format (version 0.0.4), read with a viewer token
 * (Prometheus sends it with {@code authorization: {credentials: ...}} in the scrape config).
 */
public final class DataMetrics {
    private DataMetrics() {
    }

    record Exposure(String type, int level, long assets, long reports, long suppressed, long values) {
    }

    record Violations(String service, String rule, String day, long reports, long suppressed) {
    }

    record Metrics(long servicesWithAgents, long servicesObserved, long endpoints, long loggers, List<Exposure> exposure, List<Violations> violations,
                   Findings.Remediation remediation) {
    }

    static Metrics read(Connection c) throws SQLException {
        long withAgents = Sql.one(c, "SELECT COUNT(DISTINCT service) FROM agents", rs -> rs.getLong(1)).orElse(0L);
        long observed = Sql.one(c, "SELECT COUNT(DISTINCT service) FROM data_assets", rs -> rs.getLong(1)).orElse(0L);
        long endpoints = count(c, DataMap.ENDPOINT);
        long loggers = count(c, DataMap.LOGGER);
        // an asset is one service and endpoint or logger; the same asset on several days counts once
        List<Exposure> exposure = Sql.query(c, "SELECT data_type, MAX(lvl), COUNT(DISTINCT service || ' ' || kind || ' ' || name), SUM(reports), SUM(suppressed), SUM(vals) "
                + "FROM data_assets GROUP BY data_type ORDER BY data_type",
                rs -> new Exposure(rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
        List<Violations> violations = Sql.query(c, "SELECT service, rule_id, day_utc, reports, suppressed FROM data_violations ORDER BY day_utc, service, rule_id",
                rs -> new Violations(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
        return new Metrics(withAgents, observed, endpoints, loggers, exposure, violations, Findings.remediation(c, System.currentTimeMillis()));
    }

    private static long count(Connection c, String kind) throws SQLException {
        return Sql.one(c, "SELECT COUNT(*) FROM (SELECT DISTINCT service, name FROM data_assets WHERE kind = ?) a", rs -> rs.getLong(1), kind).orElse(0L);
    }

    public static void routes(Javalin app, Store store) {
        app.get("/v1/data/metrics", ctx -> {
            Metrics m = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return read(c);
            });
            Map<String, Object> coverage = new LinkedHashMap<>();
            coverage.put("servicesWithAgents", m.servicesWithAgents());
            coverage.put("servicesObserved", m.servicesObserved());
            coverage.put("endpoints", m.endpoints());
            coverage.put("loggers", m.loggers());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("coverage", coverage);
            out.put("exposure", m.exposure().stream().map(e -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("type", e.type());
                x.put("level", e.level());
                x.put("assets", e.assets());
                x.put("reports", e.reports());
                x.put("suppressed", e.suppressed());
                x.put("values", e.values());
                return (Object) x;
            }).toList());
            out.put("violations", m.violations().stream().map(v -> {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("day", v.day());
                x.put("service", v.service());
                x.put("rule", v.rule());
                x.put("reports", v.reports());
                x.put("suppressed", v.suppressed());
                return (Object) x;
            }).toList());
            Findings.Remediation r = m.remediation();
            Map<String, Object> remediation = new LinkedHashMap<>();
            remediation.put("open", r.open());
            remediation.put("openByRule", r.openByRule());
            remediation.put("oldestOpenSeconds", r.oldestOpenSeconds());
            remediation.put("closed", r.closed());
            remediation.put("timeToRemediateMedianSeconds", r.medianSeconds());
            remediation.put("timeToRemediateP90Seconds", r.p90Seconds());
            remediation.put("timeToRemediateMaxSeconds", r.maxSeconds());
            out.put("remediation", remediation);
            Http.json(ctx, 200, out);
        });

        app.get("/v1/data/metrics/prometheus", ctx -> {
            Metrics m = store.transaction(c -> {
                Tokens.operator(c, ctx, Principal.Role.VIEWER);
                return read(c);
            });
            ctx.status(200).contentType("text/plain; version=0.0.4; charset=utf-8").result(prometheus(m));
        });
    }

    /** The Prometheus text exposition format: HELP and TYPE once per family, label values escaped (\\, \", \n). */
    static String prometheus(Metrics m) {
        StringBuilder sb = new StringBuilder();
        gauge(sb, "secplane_data_services_with_agents", "Services with at least one enrolled agent.", m.servicesWithAgents());
        gauge(sb, "secplane_data_services_observed", "Services with at least one data observation.", m.servicesObserved());
        gauge(sb, "secplane_data_endpoints_observed", "Endpoints (service, method and path pattern) seen returning personal data.", m.endpoints());
        gauge(sb, "secplane_data_loggers_observed", "Loggers seen writing personal data.", m.loggers());
        family(sb, "secplane_data_exposure_assets", "gauge", "Endpoints and loggers seen carrying the data type.");
        for (Exposure e : m.exposure()) {
            sample(sb, "secplane_data_exposure_assets", e.assets(), "type", e.type(), "level", Integer.toString(e.level()));
        }
        family(sb, "secplane_data_exposure_events_total", "counter", "Observations of the data type, reported and rate-limited by the agents.");
        for (Exposure e : m.exposure()) {
            sample(sb, "secplane_data_exposure_events_total", e.reports() + e.suppressed(), "type", e.type(), "level", Integer.toString(e.level()));
        }
        family(sb, "secplane_data_exposure_values_total", "counter", "Values found in the reported observations carrying the data type.");
        for (Exposure e : m.exposure()) {
            sample(sb, "secplane_data_exposure_values_total", e.values(), "type", e.type(), "level", Integer.toString(e.level()));
        }
        family(sb, "secplane_data_violations_total", "counter", "Data rule violations reported and rate-limited by the agents, per service and rule.");
        Map<List<String>, Long> totals = new LinkedHashMap<>();
        for (Violations v : m.violations()) {
            totals.merge(List.of(v.service(), v.rule()), v.reports() + v.suppressed(), Long::sum);
        }
        totals.forEach((k, n) -> sample(sb, "secplane_data_violations_total", n, "service", k.get(0), "rule", k.get(1)));
        Findings.Remediation r = m.remediation();
        family(sb, "secplane_data_findings_open", "gauge", "Open data findings (an asset still exposing personal data), per rule.");
        r.openByRule().forEach((rule, n) -> sample(sb, "secplane_data_findings_open", n, "rule", rule));
        gauge(sb, "secplane_data_findings_oldest_open_seconds", "Age of the oldest open data finding.", r.oldestOpenSeconds());
        family(sb, "secplane_data_time_to_remediate_seconds", "summary", "Time from a data finding's first exposing event to its close, over the closed findings.");
        if (r.closed() > 0) {
            sample(sb, "secplane_data_time_to_remediate_seconds", r.medianSeconds(), "quantile", "0.5");
            sample(sb, "secplane_data_time_to_remediate_seconds", r.p90Seconds(), "quantile", "0.9");
        }
        sample(sb, "secplane_data_time_to_remediate_seconds_sum", r.sumSeconds());
        sample(sb, "secplane_data_time_to_remediate_seconds_count", r.closed());
        return sb.toString();
    }

    private static void gauge(StringBuilder sb, String name, String help, long value) {
        family(sb, name, "gauge", help);
        sample(sb, name, value);
    }

    private static void family(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder sb, String name, long value, String... labels) {
        sb.append(name);
        for (int i = 0; i < labels.length; i += 2) {
            sb.append(i == 0 ? '{' : ',').append(labels[i]).append("=\"")
                    .append(labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        if (labels.length > 0) {
            sb.append('}');
        }
        sb.append(' ').append(value).append('\n');
    }
}
