package secplane.aspects.data;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which response data is masked for whom: rules of endpoint pattern, data types and the caller roles
 * that see the values in clear, the header the role is read from, and the per-response limit of level-3
 * records (JR/T 0197-2020 §5: level 3 and above is the customer data whose bulk disclosure the baseline limits).
 *
 * <p>Config of the {@code data} aspect: {@code responses} (a list of {@code {"endpoint": "/customers/*",
 * "types": [...], "unmaskedRoles": ["auditor"]}}; default: every endpoint, the default types, no role),
 * {@code roleHeader} (e.g. {@code X-Role}), {@code roleFrom} ({@code ["principal"]} or {@code ["principal", "header"]},
 * the default when a role header is named), {@code roles} (the roles asked of an authenticated user with
 * {@code isUserInRole} for the reported role, besides the unmasked ones) and {@code maxRecords} (0: no limit).
 *
 * <p>The role of an authenticated user (the container's or a security filter's {@code getUserPrincipal} and
 * {@code isUserInRole}) always wins: the header is read only for an anonymous request, and only when the
 * policy names it and allows it in {@code roleFrom}. A client chooses its own headers, so a header that could
 * override an authenticated principal would let a clerk send {@code X-Role: auditor} and read clear data; a
 * header role is only as trustworthy as the gateway in front of the service that sets it and strips the
 * client's own.
 */
record ResponsePolicy(List<EndpointRule> rules, String roleHeader, boolean headerRoles, Set<String> roles, int maxRecords) {
    /** Where the caller's role comes from ({@code roleFrom}). */
    static final String FROM_PRINCIPAL = "principal", FROM_HEADER = "header";

    /** One endpoint pattern ({@code *} matches any run of characters) with its types and privileged roles. */
    record EndpointRule(String endpoint, Pattern pattern, Set<String> types, Set<String> unmaskedRoles) {
        boolean matches(String path) {
            return pattern.matcher(path).matches();
        }
    }

    static ResponsePolicy defaults() {
        return new ResponsePolicy(List.of(rule("*", DataAspect.DEFAULT_LOG_TYPES, List.of())), null, false, Set.of(), 0);
    }

    /** The first rule whose endpoint matches, or null. */
    EndpointRule match(String path) {
        for (EndpointRule r : rules) {
            if (r.matches(path)) {
                return r;
            }
        }
        return null;
    }

    static ResponsePolicy parse(Map<String, Object> config, java.util.function.Predicate<String> knownType) {
        List<EndpointRule> rules = new ArrayList<>();
        Object list = config.get("responses");
        if (list != null) {
            if (!(list instanceof List)) {
                throw new IllegalArgumentException("data config 'responses' must be a list of {\"endpoint\": \"/path/*\", \"types\": [...], \"unmaskedRoles\": [...]}");
            }
            for (Object o : (List<?>) list) {
                if (!(o instanceof Map) || !(((Map<?, ?>) o).get("endpoint") instanceof String)) {
                    throw new IllegalArgumentException("data config 'responses' entry " + o
                            + " needs an \"endpoint\" pattern such as \"/customers/*\"");
                }
                Map<?, ?> m = (Map<?, ?>) o;
                List<String> types = strings(m.get("types"), "types");
                for (String t : types) {
                    if (!knownType.test(t)) {
                        throw new IllegalArgumentException("data config 'responses' names the type '" + t
                                + "', which is not in the catalog; use catalog keys such as CN_RESIDENT_ID");
                    }
                }
                rules.add(rule((String) m.get("endpoint"), types.isEmpty() ? DataAspect.DEFAULT_LOG_TYPES : types,
                        strings(m.get("unmaskedRoles"), "unmaskedRoles")));
            }
        }
        Object header = config.get("roleHeader");
        Object max = config.get("maxRecords");
        if (max != null && !(max instanceof Number && ((Number) max).intValue() >= 0)) {
            throw new IllegalArgumentException("data config 'maxRecords' is " + max + ": give a whole number of records, 0 for no limit");
        }
        List<String> from = config.get("roleFrom") instanceof String ? List.of((String) config.get("roleFrom")) : strings(config.get("roleFrom"), "roleFrom");
        for (String f : from) {
            if (!f.equals(FROM_PRINCIPAL) && !f.equals(FROM_HEADER)) {
                throw new IllegalArgumentException("data config 'roleFrom' names '" + f
                        + "'; the caller's role comes from \"principal\" (the authenticated user) and, for anonymous requests, \"header\" (roleHeader)");
            }
        }
        boolean headerRoles = from.isEmpty() ? header != null : from.contains(FROM_HEADER);
        if (headerRoles && header == null) {
            throw new IllegalArgumentException("data config 'roleFrom' includes \"header\" but names no 'roleHeader'; add e.g. \"roleHeader\": \"X-Role\"");
        }
        Set<String> roles = new LinkedHashSet<>();
        for (EndpointRule r : rules) {
            roles.addAll(r.unmaskedRoles());
        }
        roles.addAll(strings(config.get("roles"), "roles"));
        ResponsePolicy d = defaults();
        return new ResponsePolicy(rules.isEmpty() ? d.rules() : List.copyOf(rules),
                header == null ? null : header.toString().toLowerCase(Locale.ROOT), headerRoles, Set.copyOf(roles),
                max == null ? 0 : ((Number) max).intValue());
    }

    private static EndpointRule rule(String endpoint, List<String> types, List<String> roles) {
        List<String> quoted = new ArrayList<>();
        for (String part : endpoint.split("\\*", -1)) {
            quoted.add(Pattern.quote(part));
        }
        String re = String.join(".*", quoted);
        return new EndpointRule(endpoint, Pattern.compile(re), Set.copyOf(new LinkedHashSet<>(types)), Set.copyOf(roles));
    }

    private static List<String> strings(Object v, String key) {
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof List)) {
            throw new IllegalArgumentException("data config '" + key + "' must be a list of strings");
        }
        for (Object o : (List<?>) v) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
