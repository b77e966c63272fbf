package secplane.aspects.data;

import java.security.SecureRandom;
import java.util.Locale;
import secplane.aspect.HttpRequest;

/**
 * Which table and column a value leaving the service was read from in the same request: values read through
 * JDBC that look sensitive are remembered, per request, as keyed fingerprints with their {@code table.column};
 * a value found in a response or a log line of the request is fingerprinted the same way and looked up.
 *
 * <p>A fingerprint is SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012) of the value's
 * canonical form under a 128-bit key drawn at random when the aspect loads, so it differs from JVM to JVM and
 * cannot be matched against a dictionary of identity or card numbers without that key. The 64-bit output is
 * the whole fingerprint: with at most {@link #MAX_ENTRIES} per request, two different values share one with a
 * probability of at most 256 / 2^64 per lookup. The values themselves are never kept.
 *
 * <p>Memory is bounded per request: at most {@link #MAX_ENTRIES} fingerprints, the oldest replaced first (the
 * values a request sends are usually the ones it read last). The reads live in the request's attachments, which
 * the agent drops when the request ends; outside a request nothing is remembered.
 */
public final class Lineage {
    /** Most fingerprints kept per request. */
    public static final int MAX_ENTRIES = 256;
    /** Canonical values shorter than this are not fingerprinted: they identify nobody and would crowd the table. */
    static final int MIN_CANONICAL = 6;
    /** Longest canonical value fingerprinted: the longest identifier the detectors know is an IBAN (34). */
    static final int MAX_CANONICAL = 40;
    static final String ATTACHMENT = "data.lineage";

    private final long k0;
    private final long k1;

    Lineage() {
        SecureRandom r = new SecureRandom();
        this.k0 = r.nextLong();
        this.k1 = r.nextLong();
    }

    /**
     * Remembers that {@code value} was read from {@code source} ({@code table.column}) in this request.
     *
     * @return whether it was remembered (false outside a request, or for a value too short or too long)
     */
    public boolean remember(HttpRequest request, String value, String source) {
        if (request == null) {
            return false;
        }
        long fp = fingerprint(value);
        if (fp == 0) {
            return false;
        }
        Reads reads = (Reads) request.attachment(ATTACHMENT);
        if (reads == null) {
            // two tasks of one request racing here each keep their own table for a moment; the later one stays
            reads = new Reads();
            request.attach(ATTACHMENT, reads);
        }
        reads.add(fp, source);
        return true;
    }

    /**
     * The {@code table.column} the value was read from earlier in this request, or null: the lookup the data
     * aspect makes for every value it finds leaving the service (responses, log lines, and outbound calls).
     */
    public String sourceOf(HttpRequest request, String value) {
        if (request == null) {
            return null;
        }
        Reads reads = (Reads) request.attachment(ATTACHMENT);
        if (reads == null) {
            return null;
        }
        long fp = fingerprint(value);
        return fp == 0 ? null : reads.source(fp);
    }

    /** How many fingerprints the request holds (tests). */
    static int size(HttpRequest request) {
        Reads reads = request == null ? null : (Reads) request.attachment(ATTACHMENT);
        return reads == null ? 0 : reads.size();
    }

    /**
     * SipHash-2-4 of the canonical form: letters and digits only, letters in upper case, so that
     * {@code 138-1234-5678} read from a column and {@code 13812345678} in a response are one value, and an
     * identity number's check letter {@code x} is {@code X}; 0 when the canonical form is out of bounds.
     */
    long fingerprint(String value) {
        if (value == null) {
            return 0;
        }
        byte[] b = new byte[Math.min(value.length(), MAX_CANONICAL + 1)];
        int n = 0;
        for (int i = 0, len = value.length(); i < len; i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
                if (n > MAX_CANONICAL) {
                    return 0;
                }
                b[n++] = (byte) c;
            } else if (c >= 'a' && c <= 'z') {
                if (n > MAX_CANONICAL) {
                    return 0;
                }
                b[n++] = (byte) (c - 32);
            } else if (c > 0x7f && Character.isLetterOrDigit(c)) {
                return 0; // not an identifier of the digit and letter kinds the lineage follows
            }
        }
        if (n < MIN_CANONICAL || n > MAX_CANONICAL) {
            return 0;
        }
        long h = sipHash24(k0, k1, b, n);
        return h == 0 ? 1 : h;
    }

    /** SipHash-2-4 (the paper's reference algorithm, §2): 2 compression rounds per 8-byte word, 4 finalisation rounds. */
    static long sipHash24(long k0, long k1, byte[] m, int len) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int end = len - (len % 8);
        for (int i = 0; i < end; i += 8) {
            long w = (m[i] & 0xffL) | (m[i + 1] & 0xffL) << 8 | (m[i + 2] & 0xffL) << 16 | (m[i + 3] & 0xffL) << 24
                    | (m[i + 4] & 0xffL) << 32 | (m[i + 5] & 0xffL) << 40 | (m[i + 6] & 0xffL) << 48 | (m[i + 7] & 0xffL) << 56;
            v3 ^= w;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= w;
        }
        long last = ((long) len & 0xff) << 56;
        for (int i = end, s = 0; i < len; i++, s += 8) {
            last |= (m[i] & 0xffL) << s;
        }
        v3 ^= last;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }

    /** Canonical letters-and-digits form, for the column's known-type fast path. */
    static String canonical(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                sb.append(c);
            }
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /** One request's fingerprints: a ring of at most {@link #MAX_ENTRIES}, the oldest replaced first. */
    static final class Reads {
        private final long[] fps = new long[MAX_ENTRIES];
        private final String[] sources = new String[MAX_ENTRIES];
        private int size;
        private int next;

        synchronized void add(long fp, String source) {
            for (int i = 0; i < size; i++) {
                if (fps[i] == fp) {
                    sources[i] = source; // the latest read of a value names its source
                    return;
                }
            }
            fps[next] = fp;
            sources[next] = source;
            next = (next + 1) % MAX_ENTRIES;
            if (size < MAX_ENTRIES) {
                size++;
            }
        }

        synchronized String source(long fp) {
            for (int i = 0; i < size; i++) {
                if (fps[i] == fp) {
                    return sources[i];
                }
            }
            return null;
        }

        synchronized int size() {
            return size;
        }
    }
}
