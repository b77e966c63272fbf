package secplane.drill.score;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where the plane's events of a drill come from: the control plane, an agent's local file. */
public interface EventSource {

    /** How the report names it, e.g. {@code control plane http://127.0.0.1:7443}. */
    String describe();

    /**
     * The events whose {@code request.drill} belongs to the run, once they have arrived: the source
     * waits until it holds every event id in {@code expected} (named by 403 answers) and the count has
     * stopped growing, or until its time is up.
     */
    List<Map<String, Object>> events(String runId, Set<String> expected) throws Exception;
}
