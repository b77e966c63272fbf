package secplane.drill.score;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import secplane.protocol.json.Json;

/** The events an agent wrote to its local file ({@code <data>/events.jsonl}). */
public final class FileEvents implements EventSource {
    private final Path file;
    private final Duration settle;

    public FileEvents(Path file, Duration settle) {
        this.file = file;
        this.settle = settle;
    }

    @Override
    public String describe() {
        return "agent events file " + file;
    }

    @Override
    public List<Map<String, Object>> events(String runId, Set<String> expected) throws Exception {
        return Settle.until(settle, () -> read(runId), expected);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> read(String runId) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || !line.contains(runId)) {
                continue;
            }
            Object o;
            try {
                o = Json.parse(line);
            } catch (RuntimeException partialLastLine) {
                continue;
            }
            if (o instanceof Map<?, ?> m && Correlator.drillOf((Map<String, Object>) m) != null
                    && Correlator.drillOf((Map<String, Object>) m).startsWith(runId + ".")) {
                out.add((Map<String, Object>) m);
            }
        }
        return out;
    }
}
