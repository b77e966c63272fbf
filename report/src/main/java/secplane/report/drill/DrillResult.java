package secplane.report.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * One drill's result in the shared format {@code secplane-drill/1} that {@code secplane drill --json} writes and
 * the control plane stores: per category the cases sent and how many the plane detected and blocked, and per case
 * the events it was correlated with.
 */
public record DrillResult(String source, String id, String target, String service, String startedAt, String finishedAt,
        List<Category> categories, List<Case> cases) {
    public static final String FORMAT = "secplane-drill/1";
    private static final Set<String> OUTCOMES = Set.of("blocked", "detected", "missed", "error");

    public record Category(String category, long cases, long detected, long blocked, long missed, long errors, long benignRequests, long falseAlarms) {
    }

    public record Case(String id, String category, String outcome, List<String> events) {
    }

    /** Reads a drill file; a file that is not one says where and what is wrong. */
    public static DrillResult read(Path file) throws DrillFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new DrillFormatException(file + ": no such file; pass the JSON that 'secplane drill --json FILE' wrote");
        } catch (CharacterCodingException e) {
            throw new DrillFormatException(file + ": not UTF-8 text; pass the JSON that 'secplane drill --json FILE' wrote");
        } catch (IOException e) {
            throw new DrillFormatException(file + ": cannot be read: " + e.getMessage());
        }
        Object doc;
        try {
            doc = Json.parse(text);
        } catch (JsonException e) {
            throw new DrillFormatException(file + ": not JSON: " + e.getMessage());
        }
        return of(file.toString(), doc);
    }

    /** A drill result from parsed JSON (a file's content, or one run the plane answers). */
    @SuppressWarnings("unchecked")
    public static DrillResult of(String source, Object doc) throws DrillFormatException {
        if (!(doc instanceof Map)) {
            throw new DrillFormatException(source + ": expected a JSON object with \"format\": \"" + FORMAT + "\"");
        }
        Map<String, Object> root = (Map<String, Object>) doc;
        if (!FORMAT.equals(root.get("format"))) {
            throw new DrillFormatException(source + ": /format: expected \"" + FORMAT + "\", got " + Json.write(root.get("format"))
                    + "; is this the output of 'secplane drill --json'?");
        }
        Map<String, Object> drill = object(root, "drill", source, "");
        List<Category> categories = new ArrayList<>();
        List<Object> cats = list(root, "categories", source, "");
        for (int i = 0; i < cats.size(); i++) {
            String at = "/categories/" + i;
            Map<String, Object> c = object(cats.get(i), source, at);
            Category cat = new Category(text(c, "category", source, at), count(c, "cases", source, at), count(c, "detected", source, at),
                    count(c, "blocked", source, at), count(c, "missed", source, at), count(c, "errors", source, at),
                    count(c, "benignRequests", source, at), count(c, "falseAlarms", source, at));
            if (cat.detected() > cat.cases() || cat.blocked() > cat.detected() || cat.falseAlarms() > cat.benignRequests()) {
                throw new DrillFormatException(source + ": " + at + ": counts do not add up (blocked ≤ detected ≤ cases, falseAlarms ≤ benignRequests)");
            }
            categories.add(cat);
        }
        List<Case> cases = new ArrayList<>();
        List<Object> cs = root.get("cases") == null ? List.of() : list(root, "cases", source, "");
        for (int i = 0; i < cs.size(); i++) {
            String at = "/cases/" + i;
            Map<String, Object> c = object(cs.get(i), source, at);
            String outcome = text(c, "outcome", source, at);
            if (!OUTCOMES.contains(outcome)) {
                throw new DrillFormatException(source + ": " + at + "/outcome: expected blocked, detected, missed or error, got " + outcome);
            }
            List<String> events = new ArrayList<>();
            for (Object e : c.get("events") == null ? List.of() : list(c, "events", source, at)) {
                events.add(String.valueOf(e));
            }
            cases.add(new Case(text(c, "id", source, at), text(c, "category", source, at), outcome, List.copyOf(events)));
        }
        return new DrillResult(source, text(drill, "id", source, "/drill"), optional(drill, "target"), optional(drill, "service"),
                text(drill, "startedAt", source, "/drill"), text(drill, "finishedAt", source, "/drill"), List.copyOf(categories), List.copyOf(cases));
    }

    public long totalCases() {
        return categories.stream().mapToLong(Category::cases).sum();
    }

    public long totalDetected() {
        return categories.stream().mapToLong(Category::detected).sum();
    }

    public long totalBlocked() {
        return categories.stream().mapToLong(Category::blocked).sum();
    }

    public long totalBenign() {
        return categories.stream().mapToLong(Category::benignRequests).sum();
    }

    public long totalFalseAlarms() {
        return categories.stream().mapToLong(Category::falseAlarms).sum();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String key, String source, String at) throws DrillFormatException {
        return object(m.get(key), source, at + "/" + key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object v, String source, String at) throws DrillFormatException {
        if (!(v instanceof Map)) {
            throw new DrillFormatException(source + ": " + at + ": expected an object");
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String key, String source, String at) throws DrillFormatException {
        if (!(m.get(key) instanceof List)) {
            throw new DrillFormatException(source + ": " + at + "/" + key + ": expected an array");
        }
        return (List<Object>) m.get(key);
    }

    private static String text(Map<String, Object> m, String key, String source, String at) throws DrillFormatException {
        if (!(m.get(key) instanceof String s) || s.isBlank()) {
            throw new DrillFormatException(source + ": " + at + "/" + key + ": expected a non-empty string");
        }
        return s;
    }

    private static String optional(Map<String, Object> m, String key) {
        return m.get(key) instanceof String s ? s : null;
    }

    private static long count(Map<String, Object> m, String key, String source, String at) throws DrillFormatException {
        if (!(m.get(key) instanceof Long n) || n < 0) {
            throw new DrillFormatException(source + ": " + at + "/" + key + ": expected a whole number ≥ 0, got " + Json.write(m.get(key)));
        }
        return n;
    }
}
