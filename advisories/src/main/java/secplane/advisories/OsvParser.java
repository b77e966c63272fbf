package secplane.advisories;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;

/**
 * Reads one OSV advisory (schema 1.x) from parsed JSON and checks it against the schema's rules.
 * Members the schema does not define are ignored, because OSV is extensible and a 1.x reader must
 * accept newer minor versions ("schema_version field"); members it defines must have the right
 * JSON type. The first problem found stops the entry and names the field by JSON Pointer.
 *
 * <p>Rules checked, with the section of ossf/osv-schema docs/schema.md they come from:
 * <ul>
 * <li>{@code id} and {@code modified} are required ("id, modified fields"); ids, aliases, related
 * and upstream have the {@code <DB>-<ENTRYID>} shape; times are RFC 3339 in UTC ending in "Z";</li>
 * <li>{@code schema_version}, when given, is SemVer with major version 1;</li>
 * <li>a Maven package name is {@code groupId:artifactId} ("Defined ecosystems"); a package purl
 * has no version ("affected[].package field");</li>
 * <li>a range has a known type, a {@code repo} when GIT, at least one event and at least one
 * {@code introduced}; each event has exactly one of the four event fields; a range does not mix
 * {@code fixed} and {@code last_affected} ("affected[].ranges[].events fields", "Requirements");</li>
 * <li>SEMVER range versions are SemVer 2.0.0, apart from {@code introduced: "0"} and a
 * {@code limit} containing {@code *} ("Special values");</li>
 * <li>an affected entry without a SEMVER or ECOSYSTEM range lists {@code versions} (the schema's
 * validation file requires it; "affected[].versions field");</li>
 * <li>when any affected entry has a severity, the top-level severity is absent
 * ("affected[].severity field").</li>
 * </ul>
 * Descriptive enumerations (severity, reference and credit types) are kept as given, so that a type
 * added in a later 1.x schema does not reject an otherwise valid advisory.
 */
final class OsvParser {

    /** The first problem of an entry: the field by pointer (relative to the entry) and the message. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String pointer;

        Invalid(String pointer, String message) {
            super(message, null, false, false);
            this.pointer = pointer;
        }
    }

    private static final String EVENT_FIELDS = "introduced, fixed, last_affected, limit";

    private OsvParser() {
    }

    /** The entry's id when it is a string, for error messages; null otherwise. */
    static String peekId(Object value) {
        if (value instanceof Map<?, ?> m && m.get("id") instanceof String s && !s.isEmpty()) {
            return s.length() > Osv.MAX_ID ? s.substring(0, Osv.MAX_ID) + "..." : s;
        }
        return null;
    }

    static Advisory advisory(Object value) {
        Map<String, Object> m = object(value, "", "an OSV advisory object");

        String schemaVersion = optString(m, "", "schema_version");
        if (schemaVersion != null) {
            if (!SemVer.isValid(schemaVersion) || schemaVersion.startsWith("v")) {
                throw new Invalid("/schema_version", "'" + schemaVersion + "' is not a schema version; expected SemVer such as 1.4.0");
            }
            if (!SemVer.parse(schemaVersion).major().equals(BigInteger.ONE)) {
                throw new Invalid("/schema_version", "schema version " + schemaVersion + " is not supported; this importer reads OSV schema 1.x");
            }
        }
        String id = reqString(m, "", "id");
        checkId(id, "/id");
        Instant modified = time(reqString(m, "", "modified"), "/modified");
        String published = optString(m, "", "published");
        String withdrawn = optString(m, "", "withdrawn");
        List<String> aliases = ids(m, "", "aliases");
        List<String> related = related(m);
        List<String> upstream = ids(m, "", "upstream");
        String summary = optString(m, "", "summary");
        String details = optString(m, "", "details");
        List<Severity> severity = severities(m, "");
        List<Affected> affected = new ArrayList<>();
        List<Object> rawAffected = optList(m, "", "affected");
        boolean packageSeverity = false;
        for (int i = 0; i < rawAffected.size(); i++) {
            Affected a = affected(rawAffected.get(i), "/affected/" + i);
            packageSeverity |= !a.severity().isEmpty();
            affected.add(a);
        }
        if (packageSeverity && !severity.isEmpty()) {
            throw new Invalid("/severity", "the top-level severity must not be set when an affected package has its own severity");
        }
        List<Reference> references = new ArrayList<>();
        List<Object> rawRefs = optList(m, "", "references");
        for (int i = 0; i < rawRefs.size(); i++) {
            String p = "/references/" + i;
            Map<String, Object> r = object(rawRefs.get(i), p, "a reference object {type, url}");
            String type = reqString(r, p, "type");
            String url = reqString(r, p, "url");
            checkUrl(url, p + "/url");
            references.add(new Reference(type, url));
        }
        List<Credit> credits = new ArrayList<>();
        List<Object> rawCredits = optList(m, "", "credits");
        for (int i = 0; i < rawCredits.size(); i++) {
            String p = "/credits/" + i;
            Map<String, Object> c = object(rawCredits.get(i), p, "a credit object {name, contact, type}");
            credits.add(new Credit(reqString(c, p, "name"), strings(c, p, "contact"), optString(c, p, "type")));
        }
        return new Advisory(schemaVersion, id, modified,
                published == null ? null : time(published, "/published"),
                withdrawn == null ? null : time(withdrawn, "/withdrawn"),
                aliases, related, upstream, summary, details, severity, affected, references, credits,
                optObject(m, "", "database_specific"));
    }

    private static Affected affected(Object value, String p) {
        Map<String, Object> m = object(value, p, "an affected object {package, ranges, versions}");
        AffectedPackage pkg = null;
        Object rawPkg = m.get("package");
        if (rawPkg != null) {
            String pp = p + "/package";
            Map<String, Object> pm = object(rawPkg, pp, "a package object {ecosystem, name, purl}");
            String ecosystem = reqString(pm, pp, "ecosystem");
            String name = reqString(pm, pp, "name");
            String purl = optString(pm, pp, "purl");
            if (Osv.isMaven(ecosystem)) {
                int colon = name.indexOf(':');
                if (colon <= 0 || colon == name.length() - 1 || name.indexOf(':', colon + 1) >= 0 || !name.strip().equals(name)) {
                    throw new Invalid(pp + "/name", "a Maven package name is groupId:artifactId, got '" + name + "'");
                }
            }
            if (purl != null) {
                if (!purl.startsWith("pkg:")) {
                    throw new Invalid(pp + "/purl", "a package URL starts with 'pkg:', got '" + purl + "'");
                }
                if (purl.indexOf('@') >= 0) {
                    throw new Invalid(pp + "/purl", "the package purl names the package without its @version, got '" + purl + "'");
                }
            }
            pkg = new AffectedPackage(ecosystem, name, purl);
        }
        List<Severity> severity = severities(m, p);
        List<Range> ranges = new ArrayList<>();
        List<Object> rawRanges = optList(m, p, "ranges");
        boolean ordered = false;
        for (int i = 0; i < rawRanges.size(); i++) {
            Range r = range(rawRanges.get(i), p + "/ranges/" + i);
            ordered |= r.type() != Range.Type.GIT;
            ranges.add(r);
        }
        boolean hasVersions = m.get("versions") != null;
        List<String> versions = strings(m, p, "versions");
        if (!ordered && !hasVersions) {
            throw new Invalid(p, "an affected package needs a SEMVER or ECOSYSTEM range, or a versions list");
        }
        return new Affected(pkg, severity, ranges, versions,
                optObject(m, p, "ecosystem_specific"), optObject(m, p, "database_specific"));
    }

    private static Range range(Object value, String p) {
        Map<String, Object> m = object(value, p, "a range object {type, events}");
        String rawType = reqString(m, p, "type");
        Range.Type type;
        try {
            type = Range.Type.valueOf(rawType);
        } catch (IllegalArgumentException e) {
            throw new Invalid(p + "/type", "'" + rawType + "' is not a range type; expected SEMVER, ECOSYSTEM or GIT");
        }
        String repo = optString(m, p, "repo");
        if (type == Range.Type.GIT && repo == null) {
            throw new Invalid(p, "a GIT range needs repo, the repository URL");
        }
        List<Object> rawEvents = optList(m, p, "events");
        if (m.get("events") == null) {
            throw new Invalid(p + "/events", "missing; a range needs events, at least one of them introduced");
        }
        if (rawEvents.isEmpty()) {
            throw new Invalid(p + "/events", "a range needs at least one event, and at least one of them introduced");
        }
        List<Event> events = new ArrayList<>();
        boolean introduced = false;
        int fixedAt = -1;
        int lastAffectedAt = -1;
        for (int i = 0; i < rawEvents.size(); i++) {
            String ep = p + "/events/" + i;
            Event e = event(rawEvents.get(i), ep, type);
            introduced |= e.kind() == Event.Kind.INTRODUCED;
            if (e.kind() == Event.Kind.FIXED && fixedAt < 0) {
                fixedAt = i;
            }
            if (e.kind() == Event.Kind.LAST_AFFECTED && lastAffectedAt < 0) {
                lastAffectedAt = i;
            }
            events.add(e);
        }
        if (!introduced) {
            throw new Invalid(p + "/events", "a range needs at least one introduced event");
        }
        if (fixedAt >= 0 && lastAffectedAt >= 0) {
            throw new Invalid(p + "/events/" + Math.max(fixedAt, lastAffectedAt),
                    "a range has fixed or last_affected events, not both (events " + fixedAt + " and " + lastAffectedAt + ")");
        }
        return new Range(type, repo, events, optObject(m, p, "database_specific"));
    }

    private static Event event(Object value, String p, Range.Type type) {
        Map<String, Object> m = object(value, p, "an event object with one of " + EVENT_FIELDS);
        Event.Kind kind = null;
        List<String> present = new ArrayList<>();
        for (Event.Kind k : Event.Kind.values()) {
            if (m.containsKey(k.field())) {
                present.add(k.field());
                kind = k;
            }
        }
        if (present.size() != 1) {
            throw new Invalid(p, "an event has exactly one of " + EVENT_FIELDS
                    + (present.isEmpty() ? "; this one has none" : "; this one has " + String.join(" and ", present)));
        }
        String vp = p + "/" + kind.field();
        String version = reqString(m, p, kind.field());
        if (version.isEmpty()) {
            throw new Invalid(vp, "an event version must not be empty");
        }
        if (type == Range.Type.SEMVER && !(kind == Event.Kind.INTRODUCED && version.equals("0"))
                && !(kind == Event.Kind.LIMIT && version.contains("*")) && !SemVer.isValid(version)) {
            throw new Invalid(vp, "'" + version + "' is not a SemVer 2.0.0 version (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]), as a SEMVER range requires");
        }
        return new Event(kind, version);
    }

    private static List<Severity> severities(Map<String, Object> m, String p) {
        List<Severity> out = new ArrayList<>();
        List<Object> raw = optList(m, p, "severity");
        for (int i = 0; i < raw.size(); i++) {
            String sp = p + "/severity/" + i;
            Map<String, Object> s = object(raw.get(i), sp, "a severity object {type, score}");
            out.add(new Severity(reqString(s, sp, "type"), reqString(s, sp, "score")));
        }
        return out;
    }

    /** {@code related} is a list of ids; drafts of later schemas also allow {type, id} objects. */
    private static List<String> related(Map<String, Object> m) {
        List<Object> raw = optList(m, "", "related");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            String p = "/related/" + i;
            Object o = raw.get(i);
            String id = o instanceof Map<?, ?> ? reqString(object(o, p, "an id"), p, "id") : string(o, p);
            checkId(id, o instanceof Map<?, ?> ? p + "/id" : p);
            out.add(id);
        }
        return out;
    }

    private static List<String> ids(Map<String, Object> m, String p, String name) {
        List<String> out = strings(m, p, name);
        for (int i = 0; i < out.size(); i++) {
            checkId(out.get(i), p + "/" + name + "/" + i);
        }
        return out;
    }

    private static void checkId(String id, String p) {
        if (id.length() > Osv.MAX_ID || !Osv.ID.matcher(id).matches()) {
            throw new Invalid(p, "'" + shorten(id) + "' is not an OSV id; expected <DB>-<ENTRYID> such as GHSA-jfh8-c2jp-5v3q or CVE-2021-44228");
        }
    }

    private static Instant time(String text, String p) {
        if (Osv.TIMESTAMP.matcher(text).matches()) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // falls through: the shape is right but the date is not (a 13th month, say)
            }
        }
        throw new Invalid(p, "expected an RFC 3339 time in UTC ending in Z, such as 2021-12-10T00:40:56Z; got '" + shorten(text) + "'");
    }

    private static void checkUrl(String url, String p) {
        try {
            URI u = new URI(url);
            if (u.isAbsolute() && u.getScheme() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new Invalid(p, "expected an absolute URL such as https://nvd.nist.gov/vuln/detail/CVE-2021-44228, got '" + shorten(url) + "'");
    }

    // ------------------------------------------------------------------ typed access

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String p, String expected) {
        if (v instanceof Map<?, ?>) {
            return (Map<String, Object>) v;
        }
        throw new Invalid(p, "expected " + expected + ", got " + describe(v));
    }

    private static String member(String p, String name) {
        return p + "/" + Json.pointerToken(name);
    }

    private static String reqString(Map<String, Object> m, String p, String name) {
        Object v = m.get(name);
        if (v == null) {
            throw new Invalid(member(p, name), "missing; expected a string");
        }
        return string(v, member(p, name));
    }

    private static String optString(Map<String, Object> m, String p, String name) {
        Object v = m.get(name);
        return v == null ? null : string(v, member(p, name));
    }

    private static String string(Object v, String p) {
        if (v instanceof String s) {
            return s;
        }
        throw new Invalid(p, "expected a string, got " + describe(v));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> optList(Map<String, Object> m, String p, String name) {
        Object v = m.get(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof List<?>) {
            return (List<Object>) v;
        }
        throw new Invalid(member(p, name), "expected an array, got " + describe(v));
    }

    private static List<String> strings(Map<String, Object> m, String p, String name) {
        List<Object> raw = optList(m, p, name);
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            out.add(string(raw.get(i), member(p, name) + "/" + i));
        }
        return out;
    }

    private static Map<String, Object> optObject(Map<String, Object> m, String p, String name) {
        Object v = m.get(name);
        return v == null ? Map.of() : object(v, member(p, name), "an object");
    }

    static String describe(Object v) {
        return Json.typeOf(v);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
