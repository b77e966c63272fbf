package secplane.drill.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * Reads and validates the corpus files ({@code <category>.json}). Every problem is an
 * {@link IllegalArgumentException} naming the file and the case: an unknown category, a case without a
 * source or with a source that is not a CVE, CWE, WSTG or CAPEC id, a duplicate id, an unknown field.
 */
public final class CorpusLoader {
    /** Sources a case may cite: CVE ids (CVE-2021-44228), CWE ids, OWASP WSTG test ids, CAPEC ids. */
    static final Pattern SOURCE = Pattern.compile("CVE-\\d{4}-\\d{4,7}|CWE-\\d{1,4}|WSTG-[A-Z]{4}-\\d{2}|CAPEC-\\d{1,4}");
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> FILE_FIELDS = Set.of("category", "title", "cases");
    private static final Set<String> CASE_FIELDS = Set.of("id", "name", "sources", "in", "kinds", "payload", "payloadBase64",
            "header", "parameter", "contentType", "raw");

    private CorpusLoader() {
    }

    /** The corpus shipped in this module's resources. */
    public static Corpus builtIn() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String category : Categories.ALL) {
            String name = "corpus/" + category + ".json";
            try (InputStream in = CorpusLoader.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("the built-in corpus lacks " + name);
                }
                files.put(category + ".json", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + name, e);
            }
        }
        return load(files);
    }

    /** Every {@code *.json} file of a directory (a corpus of one's own). */
    public static Corpus directory(Path dir) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : (Iterable<Path>) list.filter(p -> p.getFileName().toString().endsWith(".json"))::iterator) {
                files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpus directory " + dir + ": " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("the corpus directory " + dir + " holds no .json file");
        }
        return load(files);
    }

    /** Files by name ({@code sql.json}) to their text. */
    public static Corpus load(Map<String, String> files) {
        Map<String, List<AttackCase>> byCategory = new HashMap<>();
        Map<String, String> ids = new HashMap<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            String name = file.getKey();
            Object parsed;
            try {
                parsed = Json.parse(file.getValue());
            } catch (JsonException e) {
                throw new IllegalArgumentException(name + ": not valid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> root)) {
                throw new IllegalArgumentException(name + ": must be a JSON object with category, title and cases");
            }
            unknownFields(name, "", root, FILE_FIELDS);
            String category = string(name, "", root, "category", true);
            if (!Categories.ALL.contains(category)) {
                throw new IllegalArgumentException(name + ": unknown category '" + category + "'; the categories are "
                        + String.join(", ", Categories.ALL));
            }
            if (!name.equals(category + ".json")) {
                throw new IllegalArgumentException(name + ": holds category '" + category + "', so it must be named " + category + ".json");
            }
            if (byCategory.containsKey(category)) {
                throw new IllegalArgumentException(name + ": category '" + category + "' is defined twice");
            }
            if (!(root.get("cases") instanceof List<?> cases) || cases.isEmpty()) {
                throw new IllegalArgumentException(name + ": 'cases' must be a non-empty array");
            }
            List<AttackCase> out = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                if (!(cases.get(i) instanceof Map<?, ?> c)) {
                    throw new IllegalArgumentException(name + ": cases[" + i + "] must be an object");
                }
                AttackCase attack = attackCase(name, category, i, c);
                String before = ids.putIfAbsent(attack.id(), name);
                if (before != null) {
                    throw new IllegalArgumentException(name + ": case '" + attack.id() + "': duplicate id, already used in " + before);
                }
                out.add(attack);
            }
            byCategory.put(category, Collections.unmodifiableList(out));
        }
        Map<String, List<AttackCase>> ordered = new LinkedHashMap<>();
        for (String c : Categories.ALL) {
            if (byCategory.containsKey(c)) {
                ordered.put(c, byCategory.get(c));
            }
        }
        return new Corpus(Collections.unmodifiableMap(ordered));
    }

    private static AttackCase attackCase(String file, String category, int index, Map<?, ?> c) {
        String at = "cases[" + index + "]";
        String id = string(file, at, c, "id", true);
        String where = "case '" + id + "'";
        if (!ID.matcher(id).matches() || !id.startsWith(category + "-")) {
            throw new IllegalArgumentException(file + ": " + where + ": the id must be lower-case letters, digits and '-', starting with '"
                    + category + "-'");
        }
        unknownFields(file, where, c, CASE_FIELDS);
        String name = string(file, where, c, "name", true);
        List<String> sources = strings(file, where, c, "sources");
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + where + ": has no source; cite at least one CVE, CWE, WSTG or CAPEC id in 'sources'");
        }
        for (String s : sources) {
            if (!SOURCE.matcher(s).matches()) {
                throw new IllegalArgumentException(file + ": " + where + ": source '" + s
                        + "' is not a CVE (CVE-2021-44228), CWE (CWE-89), OWASP WSTG (WSTG-INPV-05) or CAPEC (CAPEC-66) id");
            }
        }
        Set<Placement> in = EnumSet.noneOf(Placement.class);
        for (String p : strings(file, where, c, "in")) {
            Placement placement = Placement.fromWire(p);
            if (placement == null) {
                throw new IllegalArgumentException(file + ": " + where + ": unknown placement '" + p + "' in 'in'; use query, form, json, header, path, xml or binary");
            }
            in.add(placement);
        }
        if (in.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + where + ": 'in' must name at least one placement");
        }
        Set<String> kinds = new LinkedHashSet<>(strings(file, where, c, "kinds"));
        for (String k : kinds) {
            if (!Categories.KINDS.contains(k)) {
                throw new IllegalArgumentException(file + ": " + where + ": unknown parameter kind '" + k + "'; use " + String.join(", ", Categories.KINDS));
            }
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + where + ": 'kinds' must name at least one kind (any for every parameter)");
        }
        String payload = string(file, where, c, "payload", false);
        String base64 = string(file, where, c, "payloadBase64", false);
        byte[] binary = null;
        if (base64 != null) {
            try {
                binary = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ": " + where + ": 'payloadBase64' is not base64: " + e.getMessage());
            }
        }
        if ((payload == null) == (binary == null)) {
            throw new IllegalArgumentException(file + ": " + where + ": give exactly one of 'payload' and 'payloadBase64'");
        }
        if (binary != null && !in.equals(EnumSet.of(Placement.BINARY))) {
            throw new IllegalArgumentException(file + ": " + where + ": a 'payloadBase64' case goes only 'in': [\"binary\"]");
        }
        if (in.contains(Placement.BINARY) && binary == null) {
            throw new IllegalArgumentException(file + ": " + where + ": a binary case needs 'payloadBase64'");
        }
        String header = string(file, where, c, "header", false);
        if (in.contains(Placement.HEADER) != (header != null)) {
            throw new IllegalArgumentException(file + ": " + where + ": placement 'header' and the field 'header' (its name) go together");
        }
        Object raw = c.get("raw");
        if (raw != null && !(raw instanceof Boolean)) {
            throw new IllegalArgumentException(file + ": " + where + ": 'raw' must be true or false");
        }
        return new AttackCase(id, category, name, List.copyOf(sources), Collections.unmodifiableSet(in), Collections.unmodifiableSet(kinds),
                payload, binary, header, string(file, where, c, "parameter", false), string(file, where, c, "contentType", false),
                Boolean.TRUE.equals(raw));
    }

    private static void unknownFields(String file, String where, Map<?, ?> map, Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(file + ": " + (where.isEmpty() ? "" : where + ": ") + "unknown field '" + key
                        + "'; the fields are " + String.join(", ", new java.util.TreeSet<>(known)));
            }
        }
    }

    private static String string(String file, String where, Map<?, ?> map, String key, boolean required) {
        Object v = map.get(key);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException(file + ": " + (where.isEmpty() ? "" : where + ": ") + "missing '" + key + "'");
            }
            return null;
        }
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + (where.isEmpty() ? "" : where + ": ") + "'" + key + "' must be a non-empty string");
        }
        return s;
    }

    private static List<String> strings(String file, String where, Map<?, ?> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": " + where + ": '" + key + "' must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException(file + ": " + where + ": '" + key + "' must be an array of strings");
            }
            out.add(s);
        }
        return out;
    }
}
