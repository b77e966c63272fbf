package secplane.drill.score;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Polls an event source until the events a drill expects are in and the count stops growing. */
public final class Settle {
    public interface Poll {
        List<Map<String, Object>> get() throws Exception;
    }

    private Settle() {
    }

    /**
     * Agents upload in batches, so the last events arrive a little after the last answer: poll every
     * half second until every expected id is present and two polls in a row saw the same count, or the
     * time is up (then the events so far).
     */
    public static List<Map<String, Object>> until(Duration max, Poll poll, Set<String> expected) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        List<Map<String, Object>> last = poll.get();
        int stable = 0;
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            List<Map<String, Object>> now = poll.get();
            Set<Object> ids = new HashSet<>();
            now.forEach(e -> ids.add(e.get("id")));
            stable = now.size() == last.size() ? stable + 1 : 0;
            last = now;
            if (ids.containsAll(expected) && stable >= 2) {
                break;
            }
        }
        return last;
    }
}
