package secplane.privacy.psi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.privacy.Loopback;
import secplane.privacy.normalize.Normalization;
import secplane.privacy.sum.IntersectionSum;
import secplane.privacy.transport.Connection;
import secplane.privacy.transport.Frame;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.Role;
import secplane.privacy.unbalanced.OprfKey;
import secplane.privacy.unbalanced.PreparedSet;
import secplane.privacy.unbalanced.UnbalancedPsi;

/**
 * Records every application byte each party writes (inside TLS, where an identifier could still
 * leak) and proves that no identifier, no normalised form, no UTF-16 form, and no plain SHA-256 or
 * SHA-512 hash of either (nor an 8-byte prefix of one) appears in them, for all three protocols.
 */
class WireCaptureTest {
    @TempDir
    static Path dir;
    static Loopback loop;

    @BeforeAll
    static void pki() {
        loop = new Loopback(dir);
    }

    static final class Tee extends OutputStream {
        final OutputStream out;
        final ByteArrayOutputStream copy;

        Tee(OutputStream out, ByteArrayOutputStream copy) {
            this.out = out;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            out.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            out.write(b, off, len);
            synchronized (copy) {
                copy.write(b, off, len);
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            out.flush();
        }
    }

    static Function<Connection, FramedChannel> recording(ByteArrayOutputStream sink) {
        return c -> {
            try {
                return new FramedChannel(c.socket().getInputStream(), new Tee(c.socket().getOutputStream(), sink), c.socket(), "peer");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static List<String> rawPhones(int n, int from) {
        List<String> l = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            l.add(" +86 138-" + String.format("%04d", i) + "-" + String.format("%04d", (i * 37) % 10000) + " ");
        }
        return l;
    }

    static List<String> normalised(List<String> raw) {
        return raw.stream().map(Normalization.CN_MOBILE::apply).toList();
    }

    /** Everything that would identify a person if seen on the wire. */
    static List<byte[]> forbidden(List<String> raw) throws Exception {
        List<byte[]> f = new ArrayList<>();
        for (String r : raw) {
            for (String s : List.of(r.strip(), Normalization.CN_MOBILE.apply(r), Normalization.CN_MOBILE.apply(r).substring(3))) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                f.add(utf8);
                f.add(s.getBytes(StandardCharsets.UTF_16BE));
                for (String alg : List.of("SHA-256", "SHA-512")) {
                    byte[] h = MessageDigest.getInstance(alg).digest(utf8);
                    f.add(java.util.Arrays.copyOf(h, 8)); // any truncation of 8 bytes or more contains this
                }
            }
        }
        return f;
    }

    static int occurrences(byte[] hay, List<byte[]> needles) {
        int found = 0;
        for (byte[] n : needles) {
            if (indexOf(hay, n) >= 0) {
                found++;
            }
        }
        return found;
    }

    static int indexOf(byte[] hay, byte[] n) {
        outer:
        for (int i = 0; i + n.length <= hay.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (hay[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void noIdentifierOrPlainHashCrossesTheWireInAnyProtocol() throws Exception {
        List<String> a = rawPhones(300, 0);
        List<String> b = rawPhones(300, 150);
        List<byte[]> bad = forbidden(a);
        bad.addAll(forbidden(b));
        ByteArrayOutputStream fromServer = new ByteArrayOutputStream();
        ByteArrayOutputStream fromJoiner = new ByteArrayOutputStream();

        EcdhPsi psi = new EcdhPsi(Loopback.POOL, Loopback.WORKERS);
        PsiConfig cfg = new PsiConfig(Output.BOTH, false, "cn-mobile", 64);
        var o = loop.run(c -> psi.run(recording(fromServer).apply(c), Role.SERVER, cfg, normalised(a), ProgressListener.NONE),
                c -> psi.run(recording(fromJoiner).apply(c), Role.JOINER, cfg, normalised(b), ProgressListener.NONE));
        assertThat(o.server().intersection()).hasSize(150);

        IntersectionSum sum = new IntersectionSum(Loopback.POOL, Loopback.WORKERS);
        long[] values = new long[300];
        java.util.Arrays.fill(values, 7);
        var s = loop.run(c -> sum.learn(recording(fromServer).apply(c), Role.SERVER, normalised(a), "cn-mobile", 64, ProgressListener.NONE),
                c -> sum.hold(recording(fromJoiner).apply(c), Role.JOINER, normalised(b), values, "cn-mobile", 64, ProgressListener.NONE));
        assertThat(s.server().sum()).isEqualTo(150 * 7);

        OprfKey key = OprfKey.generate(new java.security.SecureRandom());
        Path prepared = dir.resolve("a.psit");
        PreparedSet.prepare(key, normalised(a), prepared, Loopback.POOL, Loopback.WORKERS, ProgressListener.NONE);
        UnbalancedPsi ub = new UnbalancedPsi(Loopback.POOL, Loopback.WORKERS);
        try (PreparedSet p = PreparedSet.open(prepared)) {
            var u = loop.run(c -> ub.serve(recording(fromServer).apply(c), key, p, "cn-mobile", 64),
                    c -> ub.query(recording(fromJoiner).apply(c), normalised(b), dir.resolve("cache.psit"), "cn-mobile", 64, ProgressListener.NONE));
            assertThat(u.joiner().listed()).hasSize(150);
        }

        byte[] server = fromServer.toByteArray();
        byte[] joiner = fromJoiner.toByteArray();
        assertThat(server.length).isGreaterThan(300 * 32 * 3);
        assertThat(joiner.length).isGreaterThan(300 * 32 * 3);
        assertThat(occurrences(server, bad)).as("identifying byte strings sent by the server").isZero();
        assertThat(occurrences(joiner, bad)).as("identifying byte strings sent by the joiner").isZero();
    }

    @Test
    void theCaptureWouldSeeAnIdentifierIfOneWereSent() throws Exception {
        List<String> a = rawPhones(5, 0);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        byte[] leak = MessageDigest.getInstance("SHA-256").digest(normalised(a).get(3).getBytes(StandardCharsets.UTF_8));
        var o = loop.run(c -> {
            FramedChannel ch = recording(captured).apply(c);
            ch.send(Frame.POINTS, leak);
            return ch.receive();
        }, c -> c.channel().receive());
        assertThat(o.joiner()).isNotNull();
        assertThat(occurrences(captured.toByteArray(), forbidden(a))).isEqualTo(1);
    }
}
