package secplane.governance.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import secplane.governance.mask.MaskSpec;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * The classification catalog: built in as {@code catalog.json}, extended or overridden by an organisation's
 * own file of the same shape ({@code --catalog}); an entry in the user file replaces the fields it names.
 */
public final class Catalog {
    private static final Set<String> FIELDS = Set.of("name", "nameEn", "piplSensitive", "piplCategory", "gbt35273", "gbt43697", "jrt0197", "mask");
    private final Map<String, CatalogEntry> entries;

    private Catalog(Map<String, CatalogEntry> entries) {
        this.entries = Map.copyOf(entries);
    }

    public static Catalog builtin() {
        try (InputStream in = Catalog.class.getResourceAsStream("/secplane/governance/catalog.json")) {
            if (in == null) {
                throw new IllegalStateException("catalog.json is missing from the class path");
            }
            return new Catalog(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in catalog", Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The built-in catalog with the entries of a user file laid over it. */
    public static Catalog withOverrides(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Catalog base = builtin();
        return new Catalog(parse(text, file.toString(), base.entries));
    }

    public static Catalog of(String json, String source) {
        return new Catalog(parse(json, source, builtin().entries));
    }

    public CatalogEntry entry(String type) {
        return entries.get(type);
    }

    public Map<String, CatalogEntry> entries() {
        return entries;
    }

    /** The level of something holding all the given types: the highest of each scheme. */
    public Classification classify(Collection<String> types) {
        boolean sensitive = false;
        Gbt43697Level level = null;
        int jrt = 0;
        List<String> known = new ArrayList<>();
        for (String t : types) {
            CatalogEntry e = entries.get(t);
            if (e == null) {
                continue;
            }
            known.add(t);
            sensitive |= e.piplSensitive();
            if (level == null || e.gbt43697().compareTo(level) > 0) {
                level = e.gbt43697();
            }
            jrt = Math.max(jrt, e.jrt0197());
        }
        return known.isEmpty() ? Classification.NONE : new Classification(List.copyOf(known), sensitive, level, jrt);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, CatalogEntry> parse(String text, String source, Map<String, CatalogEntry> base) {
        Object doc;
        try {
            doc = Json.parse(text);
        } catch (JsonException e) {
            throw new IllegalArgumentException(source + ": not valid JSON (" + e.getMessage() + "); the catalog is {\"types\": {\"TYPE\": {...}}}");
        }
        if (!(doc instanceof Map) || !(((Map<String, Object>) doc).get("types") instanceof Map)) {
            throw new IllegalArgumentException(source + ": a catalog is an object with a \"types\" object, {\"types\": {\"TYPE\": {...}}}");
        }
        Map<String, CatalogEntry> out = new LinkedHashMap<>(base);
        for (Map.Entry<String, Object> e : ((Map<String, Object>) ((Map<String, Object>) doc).get("types")).entrySet()) {
            String type = e.getKey();
            if (!type.matches("[A-Z][A-Z0-9_]*")) {
                throw new IllegalArgumentException(source + ": type name '" + type + "' must be upper case letters, digits and '_' (like CN_RESIDENT_ID)");
            }
            if (!(e.getValue() instanceof Map)) {
                throw new IllegalArgumentException(source + ": types/" + type + " must be an object, not " + Json.typeOf(e.getValue()));
            }
            Map<String, Object> f = (Map<String, Object>) e.getValue();
            for (String k : f.keySet()) {
                if (!FIELDS.contains(k)) {
                    throw new IllegalArgumentException(source + ": types/" + type + " has the unknown field '" + k + "'; known fields: " + FIELDS);
                }
            }
            CatalogEntry old = base.get(type);
            String where = source + ": types/" + type;
            String name = str(f, "name", old == null ? null : old.name(), where);
            String nameEn = str(f, "nameEn", old == null ? name : old.nameEn(), where);
            Object sens = f.containsKey("piplSensitive") ? f.get("piplSensitive") : old == null ? null : old.piplSensitive();
            if (!(sens instanceof Boolean)) {
                throw new IllegalArgumentException(where + "/piplSensitive must be true or false");
            }
            String piplCategory = str(f, "piplCategory", old == null ? "" : old.piplCategory(), where);
            String gbt35273 = str(f, "gbt35273", old == null ? null : old.gbt35273(), where);
            String levelText = str(f, "gbt43697", old == null ? null : old.gbt43697().label(), where);
            Gbt43697Level level;
            try {
                level = Gbt43697Level.parse(levelText);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + "/gbt43697: " + ex.getMessage());
            }
            Object jr = f.containsKey("jrt0197") ? f.get("jrt0197") : old == null ? null : (Object) Long.valueOf(old.jrt0197());
            if (!(jr instanceof Number) || ((Number) jr).intValue() < 1 || ((Number) jr).intValue() > 5 || ((Number) jr).doubleValue() % 1 != 0) {
                throw new IllegalArgumentException(where + "/jrt0197 must be a whole number from 1 to 5 (JR/T 0197-2020 levels)");
            }
            String mask = str(f, "mask", old == null ? "redact" : old.mask(), where);
            try {
                MaskSpec.validate(mask);
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(where + "/mask: " + ex.getMessage());
            }
            out.put(type, new CatalogEntry(type, name, nameEn, (Boolean) sens, piplCategory, gbt35273, level, ((Number) jr).intValue(), mask));
        }
        return out;
    }

    private static String str(Map<String, Object> f, String key, String fallback, String where) {
        Object v = f.containsKey(key) ? f.get(key) : fallback;
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(where + "/" + key + " must be a string" + (v == null ? " (a new type needs it)" : ""));
        }
        return (String) v;
    }
}
