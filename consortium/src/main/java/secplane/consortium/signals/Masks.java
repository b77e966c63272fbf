package secplane.consortium.signals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import secplane.privacy.transport.PeerException;

/**
 * Pairwise masks that cancel in the querier's sum (the secure-aggregation masking of Bonawitz et al., CCS 2017, without
 * dropout recovery): for each pair of participants the lower-named one sends a fresh seed to the other over their
 * direct mutual-TLS channel; both derive the same two 64-bit masks from it with HMAC-SHA256 (RFC 2104) over the query
 * id, the lower-named adds them and the higher-named subtracts them, modulo 2^64.
 */
final class Masks {
    private static final Duration KEEP = Duration.ofMinutes(2);
    private final Map<String, CompletableFuture<byte[]>> seeds = new ConcurrentHashMap<>();
    private final Map<String, Long> created = new ConcurrentHashMap<>();

    private static String key(String queryId, String peer) {
        return queryId + "\n" + peer;
    }

    private CompletableFuture<byte[]> slot(String queryId, String peer) {
        long now = System.nanoTime();
        created.entrySet().removeIf(e -> {
            boolean stale = now - e.getValue() > KEEP.toNanos();
            if (stale) {
                seeds.remove(e.getKey());
            }
            return stale;
        });
        String k = key(queryId, peer);
        created.putIfAbsent(k, now);
        return seeds.computeIfAbsent(k, x -> new CompletableFuture<>());
    }

    /** Stores a seed received from {@code peer}; a second seed for the same query and peer is refused. */
    void received(String queryId, String peer, byte[] seed) {
        if (!slot(queryId, peer).complete(seed.clone())) {
            throw new PeerException("a mask seed for query " + queryId + " from " + peer + " was already received");
        }
    }

    /** The seed {@code peer} sent for the query, waiting at most {@code timeout}. */
    byte[] await(String queryId, String peer, Duration timeout) {
        try {
            return slot(queryId, peer).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PeerException("no mask seed from " + peer + " within " + timeout.toSeconds() + " s; it may be down");
        } catch (ExecutionException e) {
            throw new PeerException("mask seed from " + peer + " failed: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException("interrupted while waiting for a mask seed");
        } finally {
            String k = key(queryId, peer);
            seeds.remove(k);
            created.remove(k);
        }
    }

    /** The two masks (count, amount) a seed gives for a query. */
    static long[] expand(byte[] seed, String queryId) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(seed, "HmacSHA256"));
            byte[] out = m.doFinal(("secplane signals mask v1\n" + queryId).getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.wrap(out);
            return new long[] {b.getLong(), b.getLong()};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
