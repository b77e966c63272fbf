package secplane.advisories;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The advisories shipped with secplane for the big Java incidents (Log4Shell and its follow-ups,
 * Spring4Shell, Text4Shell, SnakeYAML, fastjson autoType, commons-collections and jackson-databind
 * gadgets), as OSV JSON under {@code secplane/advisories/builtin/} on the class path. Every entry
 * cites its sources in {@code references} and in {@code database_specific.secplane}; docs/advisories.md
 * lists them with their ranges.
 */
public final class BuiltinAdvisories {
    static final String DIR = "secplane/advisories/builtin/";

    private BuiltinAdvisories() {
    }

    /** The resource names, from {@code builtin/index.txt}. */
    public static List<String> files() {
        List<String> out = new ArrayList<>();
        for (String line : read("index.txt").split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                out.add(name);
            }
        }
        return out;
    }

    /** Parses every built-in file; a clean report is guaranteed by the module's tests. */
    public static ImportReport load() {
        List<FileResult> results = new ArrayList<>();
        for (String name : files()) {
            results.add(AdvisoryImporter.parse(name, read(name)));
        }
        return new ImportReport(results);
    }

    /**
     * The built-in advisories.
     *
     * @throws IllegalStateException if a built-in file is invalid (a packaging fault, never bad input)
     */
    public static List<Advisory> all() {
        ImportReport report = load();
        if (!report.clean()) {
            throw new IllegalStateException("built-in advisories are invalid: " + report.problems());
        }
        return report.advisories();
    }

    private static String read(String name) {
        try (InputStream in = BuiltinAdvisories.class.getClassLoader().getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in advisory resource " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
