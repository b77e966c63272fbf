package secplane.testbeds.attacks.injection;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import secplane.testbeds.attacks.Testbed;

/**
 * Sends corpus requests to a running injection app, one after another, and records each answer.
 * A 403 counts as blocked: the app itself never answers 403, so one comes from a guard (secplane's
 * agent turns a block into 403).
 */
public final class CorpusReplay {

    /** The answer to one request; status -1 when the exchange failed, with the error as body. */
    public record Outcome(CorpusRequest request, int status, long millis, String body) {

        public boolean blocked() {
            return status == 403;
        }

        /** Whether the status is one the endpoint gives benign input ({@link Corpus#ORDINARY_ANSWERS}). */
        public boolean ordinary() {
            return Corpus.ORDINARY_ANSWERS.getOrDefault(request.path(), Set.of()).contains(status);
        }
    }

    private CorpusReplay() {
    }

    public static List<Outcome> replay(Testbed target, List<CorpusRequest> requests) throws InterruptedException {
        List<Outcome> outcomes = new ArrayList<>(requests.size());
        for (CorpusRequest request : requests) {
            outcomes.add(send(target, request));
        }
        return outcomes;
    }

    public static Outcome send(Testbed target, CorpusRequest request) throws InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.uri(request.pathAndQuery()));
        if (request.body() != null) {
            builder.header("Content-Type", request.contentType())
                    .method(request.method(), HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = target.send(builder);
            return new Outcome(request, response.statusCode(), (System.nanoTime() - start) / 1_000_000, response.body());
        } catch (IOException e) {
            return new Outcome(request, -1, (System.nanoTime() - start) / 1_000_000, e.toString());
        }
    }

    /**
     * One line per category and endpoint: requests, blocked, and the count of each status, e.g.
     * {@code sql /sql/user 150 requests, 0 blocked, 200x120 400x30}.
     */
    public static String summary(List<Outcome> outcomes) {
        Map<String, Map<Integer, Integer>> byEndpoint = new TreeMap<>();
        for (Outcome outcome : outcomes) {
            String key = outcome.request().category().id() + " " + outcome.request().path();
            byEndpoint.computeIfAbsent(key, k -> new TreeMap<>()).merge(outcome.status(), 1, Integer::sum);
        }
        StringBuilder text = new StringBuilder();
        byEndpoint.forEach((key, statuses) -> {
            int total = statuses.values().stream().mapToInt(Integer::intValue).sum();
            text.append(String.format("%-32s %4d requests, %d blocked,", key, total, statuses.getOrDefault(403, 0)));
            statuses.forEach((status, n) -> text.append(' ').append(status).append('x').append(n));
            text.append('\n');
        });
        return text.toString();
    }
}
