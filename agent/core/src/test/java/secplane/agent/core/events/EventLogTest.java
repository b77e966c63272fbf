package secplane.agent.core.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.agent.core.AgentLog;
import secplane.protocol.json.Json;

class EventLogTest {

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> read(File file) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(file.toPath(), StandardCharsets.UTF_8)) {
            out.add((Map<String, Object>) Json.parse(line));
        }
        return out;
    }

    @Test
    void fullQueueDropsAndCountsNewEvents() {
        EventLog log = new EventLog(dir.resolve("events.jsonl").toFile(), 16, AgentLog.discard());

        for (int i = 0; i < 20; i++) {
            log.emit(Event.create().put("type", "test").put("n", i));
        }

        assertThat(log.dropped()).isEqualTo(4);
        assertThat(log.written()).isZero();
    }

    @Test
    void dropCountIsWrittenAsAnEventOnceTheWriterRuns() throws Exception {
        File file = dir.resolve("events.jsonl").toFile();
        EventLog log = new EventLog(file, 16, AgentLog.discard());
        for (int i = 0; i < 20; i++) {
            log.emit(Event.create().put("type", "test").put("n", i));
        }

        log.start();
        log.close();

        List<Map<String, Object>> events = read(file);
        assertThat(events).filteredOn(e -> "test".equals(e.get("type"))).extracting(e -> e.get("n"))
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L, 14L, 15L);
        assertThat(events).filteredOn(e -> "agent.events-dropped".equals(e.get("type")))
                .singleElement().satisfies(e -> assertThat(e).containsEntry("count", 4L));
        assertThat(log.dropped()).isZero();
        assertThat(log.written()).isEqualTo(17);
    }

    @Test
    void capacityBelowSixteenIsRaisedToSixteen() {
        EventLog log = new EventLog(dir.resolve("events.jsonl").toFile(), 1, AgentLog.discard());

        for (int i = 0; i < 17; i++) {
            log.emit(Event.create());
        }

        assertThat(log.dropped()).isEqualTo(1);
    }

    @Test
    void closeWritesEverythingQueuedAsOneJsonObjectPerLine() throws Exception {
        File file = dir.resolve("sub/dir/events.jsonl").toFile();
        EventLog log = new EventLog(file, 1000, AgentLog.discard());
        log.start();
        Event first = Event.create().put("type", "a").put("message", "line\nbreak \"quoted\"");
        log.emit(first);
        log.emit(Event.create().put("type", "b"));

        log.close();

        List<String> lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        List<Map<String, Object>> events = read(file);
        assertThat(events.get(0)).containsEntry("id", first.id()).containsEntry("message", "line\nbreak \"quoted\"");
        assertThat(events.get(1)).containsEntry("type", "b");
    }

    @Test
    void eventsAreAppendedToAnExistingFile() throws Exception {
        File file = dir.resolve("events.jsonl").toFile();
        Files.writeString(file.toPath(), "{\"type\":\"earlier\"}\n");
        EventLog log = new EventLog(file, 100, AgentLog.discard());
        log.start();
        log.emit(Event.create().put("type", "later"));

        log.close();

        assertThat(read(file)).extracting(e -> e.get("type")).containsExactly("earlier", "later");
    }
}
