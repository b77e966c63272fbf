package secplane.server.advisories;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import secplane.advisories.Advisory;
import secplane.advisories.Affected;
import secplane.advisories.Severity;

/**
 * The base score and qualitative rating of a CVSS v3.0/v3.1 vector (FIRST, "CVSS v3.1 Specification",
 * §7.1 base equations, §7.4 metric values, Appendix A Roundup, §5 qualitative rating scale). OSV
 * carries only the vector (OSV schema "severity"), so the score shown beside an advisory is computed here.
 */
public final class Cvss3 {
    private Cvss3() {
    }

    /** A computed score: {@code rating} is none, low, medium, high or critical (§5). */
    public record Score(double base, String rating, String vector) {
    }

    /** The highest CVSS v3 score among the advisory's severities (top level, else per affected package), if any parses. */
    public static Optional<Score> of(Advisory a) {
        Optional<Score> best = best(a.severity());
        for (Affected af : a.affected()) {
            Optional<Score> s = best(af.severity());
            if (s.isPresent() && (best.isEmpty() || s.get().base() > best.get().base())) {
                best = s;
            }
        }
        return best;
    }

    private static Optional<Score> best(List<Severity> list) {
        Optional<Score> best = Optional.empty();
        for (Severity s : list) {
            if (!s.type().toUpperCase(Locale.ROOT).startsWith("CVSS_V3")) {
                continue;
            }
            Optional<Score> x = score(s.score());
            if (x.isPresent() && (best.isEmpty() || x.get().base() > best.get().base())) {
                best = x;
            }
        }
        return best;
    }

    /** The base score of a vector such as {@code CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H}; empty when it is not a complete v3 base vector. */
    public static Optional<Score> score(String vector) {
        String[] parts = vector.trim().split("/");
        if (parts.length < 9 || !(parts[0].equals("CVSS:3.0") || parts[0].equals("CVSS:3.1"))) {
            return Optional.empty();
        }
        Map<String, String> m = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int colon = parts[i].indexOf(':');
            if (colon <= 0) {
                return Optional.empty();
            }
            m.put(parts[i].substring(0, colon), parts[i].substring(colon + 1));
        }
        try {
            boolean changed = switch (m.get("S")) {
                case "U" -> false;
                case "C" -> true;
                default -> throw new IllegalArgumentException();
            };
            double av = pick(m.get("AV"), "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
            double ac = pick(m.get("AC"), "L", 0.77, "H", 0.44);
            double pr = pick(m.get("PR"), "N", 0.85, "L", changed ? 0.68 : 0.62, "H", changed ? 0.5 : 0.27);
            double ui = pick(m.get("UI"), "N", 0.85, "R", 0.62);
            double c = pick(m.get("C"), "H", 0.56, "L", 0.22, "N", 0);
            double in = pick(m.get("I"), "H", 0.56, "L", 0.22, "N", 0);
            double a = pick(m.get("A"), "H", 0.56, "L", 0.22, "N", 0);
            double iss = 1 - (1 - c) * (1 - in) * (1 - a);
            double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
            double exploitability = 8.22 * av * ac * pr * ui;
            double base = impact <= 0 ? 0 : roundUp(Math.min(changed ? 1.08 * (impact + exploitability) : impact + exploitability, 10));
            return Optional.of(new Score(base, rating(base), vector));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static double pick(String value, Object... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i].equals(value)) {
                return ((Number) pairs[i + 1]).doubleValue();
            }
        }
        throw new IllegalArgumentException(value);
    }

    /** Appendix A: the smallest number with one decimal that is not below the input, free of floating-point drift. */
    static double roundUp(double x) {
        long i = Math.round(x * 100_000);
        return i % 10_000 == 0 ? i / 100_000.0 : (Math.floor(i / 10_000.0) + 1) / 10.0;
    }

    /** §5 qualitative severity rating scale. */
    static String rating(double base) {
        if (base == 0) {
            return "none";
        }
        if (base < 4) {
            return "low";
        }
        if (base < 7) {
            return "medium";
        }
        return base < 9 ? "high" : "critical";
    }
}
