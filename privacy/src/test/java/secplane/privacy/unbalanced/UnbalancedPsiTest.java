package secplane.privacy.unbalanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.privacy.Loopback;
import secplane.privacy.psi.ProgressListener;

class UnbalancedPsiTest {
    @TempDir
    static Path dir;
    static Loopback loop;

    @BeforeAll
    static void pki() {
        loop = new Loopback(dir.resolve("pki"));
    }

    static List<String> mules(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add("6222" + String.format("%012d", i * 7919L));
        }
        return l;
    }

    @Test
    void theQuerierLearnsWhichOfItsItemsAreListedAndTheServerOnlyHowMany() throws Exception {
        List<String> big = mules(3000);
        OprfKey key = OprfKey.generate(new SecureRandom());
        Path prepared = dir.resolve("mules.psit");
        PreparedSet.prepare(key, big, prepared, Loopback.POOL, Loopback.WORKERS, ProgressListener.NONE);
        List<String> mine = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            if (i % 5 == 0) {
                String listed = big.get(i * 3);
                mine.add(listed);
                expected.add(listed);
            } else {
                mine.add("6222x" + i);
            }
        }
        Path cache = dir.resolve("cache.psit");
        UnbalancedPsi psi = new UnbalancedPsi(Loopback.POOL, Loopback.WORKERS);
        try (PreparedSet p = PreparedSet.open(prepared)) {
            var first = loop.run(c -> psi.serve(c.channel(), key, p, "bank-card", 128),
                    c -> psi.query(c.channel(), mine, cache, "bank-card", 128, ProgressListener.NONE));
            assertThat(first.joinerError()).isNull();
            assertThat(first.joiner().listed()).isEqualTo(expected);
            assertThat(first.joiner().tableDownloaded()).isTrue();
            assertThat(first.joiner().tableSize()).isEqualTo(3000);
            assertThat(first.server().listed()).isNull();
            assertThat(first.server().queried()).isEqualTo(500);

            var second = loop.run(c -> psi.serve(c.channel(), key, p, "bank-card", 128),
                    c -> psi.query(c.channel(), mine.subList(0, 20), cache, "bank-card", 128, ProgressListener.NONE));
            assertThat(second.joiner().tableDownloaded()).as("the cached set is reused").isFalse();
            assertThat(second.joiner().listed()).isEqualTo(expected.subList(0, 4));
            assertThat(second.server().bytesSent()).isLessThan(first.server().bytesSent() / 10);
        }

        // a new key makes the cached table stale: it is downloaded again and still gives the right answer
        OprfKey rotated = OprfKey.generate(new SecureRandom());
        Path prepared2 = dir.resolve("mules2.psit");
        PreparedSet.prepare(rotated, big, prepared2, Loopback.POOL, Loopback.WORKERS, ProgressListener.NONE);
        try (PreparedSet p = PreparedSet.open(prepared2)) {
            var third = loop.run(c -> psi.serve(c.channel(), rotated, p, "bank-card", 128),
                    c -> psi.query(c.channel(), mine, cache, "bank-card", 128, ProgressListener.NONE));
            assertThat(third.joiner().tableDownloaded()).isTrue();
            assertThat(third.joiner().listed()).isEqualTo(expected);
        }
        assertThat(Files.list(dir).map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".partial"));
    }

    @Test
    void directEvaluationMatchesTheBlindedRoundTrip() {
        OprfKey key = OprfKey.generate(new SecureRandom());
        byte[] item = "6222000000001".getBytes();
        byte[] p = OprfKey.inputPoint(item);
        java.math.BigInteger r = secplane.privacy.curve.Scalars.randomModOrder(new SecureRandom());
        byte[] blinded = secplane.privacy.curve.MontgomeryLadder.scalarMult(secplane.privacy.curve.Scalars.toLittleEndian(r), p);
        byte[] evaluated = new byte[32];
        key.evaluateBlinded(blinded, 0, evaluated, 0);
        byte[] unblinded = secplane.privacy.curve.MontgomeryLadder.scalarMult(
                secplane.privacy.curve.Scalars.toLittleEndian(r.modInverse(secplane.privacy.curve.Scalars.ORDER)), evaluated);
        assertThat(OprfKey.tag(unblinded)).isEqualTo(key.evaluate(item));
        assertThat(blinded).isNotEqualTo(p);
    }

    @Test
    void aPreparedSetFromAnotherKeyIsRefusedByTheServer() {
        OprfKey key = OprfKey.generate(new SecureRandom());
        Path prepared = dir.resolve("other.psit");
        PreparedSet.prepare(OprfKey.generate(new SecureRandom()), mules(10), prepared, Loopback.POOL, Loopback.WORKERS, ProgressListener.NONE);
        try (PreparedSet p = PreparedSet.open(prepared)) {
            assertThatThrownBy(() -> new UnbalancedPsi(Loopback.POOL, 2).serve(null, key, p, "trim", 16))
                    .hasMessageContaining("another key");
        }
    }

    @Test
    void aTruncatedPreparedSetIsRefusedWithAClearMessage() throws Exception {
        Path prepared = dir.resolve("trunc.psit");
        PreparedSet.prepare(OprfKey.generate(new SecureRandom()), mules(100), prepared, Loopback.POOL, Loopback.WORKERS, ProgressListener.NONE);
        byte[] all = Files.readAllBytes(prepared);
        Files.write(prepared, java.util.Arrays.copyOf(all, all.length - 8));
        assertThatThrownBy(() -> PreparedSet.open(prepared)).hasMessageContaining("truncated");
    }
}
