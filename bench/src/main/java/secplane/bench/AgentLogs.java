package secplane.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads what the agent itself wrote into its data directory: its own start time and any trouble. */
public final class AgentLogs {
    private static final Pattern STARTED = Pattern.compile("agent started in (\\d+) ms");
    private static final Pattern WEAVING = Pattern.compile("\\] weaving installed in (\\d+) ms");
    private static final Pattern TROUBLE = Pattern.compile("^\\S+ (WARN|ERROR) ");

    private AgentLogs() {
    }

    /** The figure of the agent's "agent started in N ms" line, if it got that far. */
    public static OptionalLong startMillis(Path dataDir) {
        for (String line : lines(dataDir.resolve("agent.log"))) {
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                return OptionalLong.of(Long.parseLong(m.group(1)));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * How long installing the weaving (building the ByteBuddy transformer, matching and
     * retransforming the loaded classes) took: the figure of "weaving installed in N ms" where the
     * agent logs one, else the time since the log line before "weaving installed".
     */
    public static OptionalLong weavingMillis(Path dataDir) {
        List<String> lines = lines(dataDir.resolve("agent.log"));
        for (int i = 1; i < lines.size(); i++) {
            Matcher own = WEAVING.matcher(lines.get(i));
            if (own.find()) {
                return OptionalLong.of(Long.parseLong(own.group(1)));
            }
            if (lines.get(i).contains("] weaving installed")) {
                Instant before = timestamp(lines.get(i - 1));
                Instant after = timestamp(lines.get(i));
                if (before != null && after != null) {
                    return OptionalLong.of(Duration.between(before, after).toMillis());
                }
            }
        }
        return OptionalLong.empty();
    }

    private static Instant timestamp(String line) {
        int space = line.indexOf(' ');
        try {
            return space > 0 ? Instant.parse(line.substring(0, space)) : null;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** WARN and ERROR lines of every agent.log under {@code root}, prefixed with the file they come from. */
    public static List<String> trouble(Path root) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path log : files.filter(p -> p.getFileName().toString().equals("agent.log")).sorted().toList()) {
                for (String line : lines(log)) {
                    if (TROUBLE.matcher(line).find()) {
                        out.add(root.relativize(log) + ": " + line);
                    }
                }
            }
        } catch (IOException e) {
            out.add("cannot read the agent logs under " + root + ": " + e);
        }
        return out;
    }

    /** The state in the agent's status.json ("running", "detached"), or null before it exists. */
    public static String state(Path dataDir) {
        Path status = dataDir.resolve("status.json");
        try {
            String json = Files.readString(status, StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("\"state\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
            return m.find() ? m.group(1) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
