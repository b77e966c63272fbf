package secplane.privacy.sum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.privacy.Loopback;
import secplane.privacy.psi.ProgressListener;
import secplane.privacy.transport.Role;

class IntersectionSumTest {
    @TempDir
    static Path dir;
    static Loopback loop;

    @BeforeAll
    static void pki() {
        loop = new Loopback(dir);
    }

    @Test
    void theLearnerGetsTheSumAndSizeOverTheIntersectionInEitherRole() {
        Random r = new Random(5);
        for (Role learnerRole : Role.values()) {
            for (double overlap : new double[] {0, 0.35, 1.0}) {
                List<String> learnerIds = new ArrayList<>();
                List<String> holderIds = new ArrayList<>();
                int n = 200 + r.nextInt(300);
                int m = 200 + r.nextInt(300);
                for (int i = 0; i < n; i++) {
                    learnerIds.add("acct-" + i);
                }
                int shared = (int) (Math.min(n, m) * overlap);
                for (int i = 0; i < m; i++) {
                    holderIds.add(i < shared ? "acct-" + i : "other-" + i);
                }
                long[] values = new long[m];
                long expected = 0;
                Set<String> learnerSet = new HashSet<>(learnerIds);
                for (int i = 0; i < m; i++) {
                    values[i] = r.nextInt(1_000_000);
                    if (learnerSet.contains(holderIds.get(i))) {
                        expected += values[i];
                    }
                }
                IntersectionSum s = new IntersectionSum(Loopback.POOL, Loopback.WORKERS);
                var o = learnerRole == Role.SERVER
                        ? loop.run(c -> s.learn(c.channel(), Role.SERVER, learnerIds, "trim", 97, ProgressListener.NONE),
                                c -> s.hold(c.channel(), Role.JOINER, holderIds, values, "trim", 97, ProgressListener.NONE))
                        : loop.run(c -> s.hold(c.channel(), Role.SERVER, holderIds, values, "trim", 97, ProgressListener.NONE),
                                c -> s.learn(c.channel(), Role.JOINER, learnerIds, "trim", 97, ProgressListener.NONE));
                assertThat(o.serverError()).isNull();
                assertThat(o.joinerError()).isNull();
                SumResult learned = learnerRole == Role.SERVER ? o.server() : o.joiner();
                SumResult held = learnerRole == Role.SERVER ? o.joiner() : o.server();
                assertThat(learned.sum()).as("sum, learner %s, overlap %s", learnerRole, overlap).isEqualTo(expected);
                assertThat(learned.size()).isEqualTo(shared);
                assertThat(learned.peerSize()).isEqualTo(m);
                assertThat(held.sum()).isEqualTo(-1);
                assertThat(held.size()).isEqualTo(-1);
                assertThat(held.peerSize()).isEqualTo(n);
            }
        }
    }

    @Test
    void sharedKeyElGamalAddsAndNeedsBothSharesToDecrypt() {
        SecureRandom random = new SecureRandom();
        var a = ExponentialElGamal.KeyShare.generate(random);
        var b = ExponentialElGamal.KeyShare.generate(random);
        var y = ExponentialElGamal.jointKey(a.publicPoint(), b.publicPoint());
        var c = ExponentialElGamal.encrypt(1234, y, random).add(ExponentialElGamal.encrypt(8766, y, random));
        c = ExponentialElGamal.rerandomize(c, y, random);
        byte[] wire = new byte[ExponentialElGamal.CIPHERTEXT_BYTES];
        c.encode(wire, 0);
        c = ExponentialElGamal.Ciphertext.decode(wire, 0);
        var both = ExponentialElGamal.combine(c, a.partialDecrypt(c.c1()), b.partialDecrypt(c.c1()));
        assertThat(BabyStepGiantStep.get().solve(both)).isEqualTo(10_000);
        // one share alone leaves a point that is not 10000·G
        var one = c.c2().subtract(a.partialDecrypt(c.c1())).normalize();
        assertThat(one).isNotEqualTo(ExponentialElGamal.times(10_000));
    }

    @Test
    void babyStepGiantStepSolvesAcrossItsRange() {
        BabyStepGiantStep s = BabyStepGiantStep.get();
        for (long m : new long[] {0, 1, 262_143, 262_144, 262_145, 123_456_789_012L / 4, BabyStepGiantStep.BOUND - 1}) {
            assertThat(s.solve(ExponentialElGamal.times(m))).as("m = %d", m).isEqualTo(m);
        }
        assertThat(s.solve(ExponentialElGamal.times(BabyStepGiantStep.BOUND))).isEqualTo(-1);
    }
}
