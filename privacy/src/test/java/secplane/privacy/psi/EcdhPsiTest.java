package secplane.privacy.psi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.privacy.Loopback;
import secplane.privacy.transport.PeerException;
import secplane.privacy.transport.Role;

class EcdhPsiTest {
    @TempDir
    static Path dir;
    static Loopback loop;

    @BeforeAll
    static void pki() {
        loop = new Loopback(dir);
    }

    static Loopback.Outcome<PsiResult, PsiResult> psi(List<String> server, List<String> joiner, PsiConfig cfg) {
        EcdhPsi engine = new EcdhPsi(Loopback.POOL, Loopback.WORKERS);
        return loop.run(c -> engine.run(c.channel(), Role.SERVER, cfg, server, ProgressListener.NONE),
                c -> engine.run(c.channel(), Role.JOINER, cfg, joiner, ProgressListener.NONE));
    }

    static PsiConfig cfg(Output output, boolean sizeOnly, int batch) {
        return new PsiConfig(output, sizeOnly, "trim", batch);
    }

    /** Two sets of distinct identifiers sharing about {@code overlap} of the smaller one. */
    static List<List<String>> sets(Random r, int n, int m, double overlap, String prefix) {
        Set<String> a = new LinkedHashSet<>();
        while (a.size() < n) {
            a.add(prefix + r.nextLong());
        }
        List<String> shared = new ArrayList<>(a);
        Collections.shuffle(shared, r);
        Set<String> b = new LinkedHashSet<>(shared.subList(0, (int) Math.round(Math.min(n, m) * overlap)));
        while (b.size() < m) {
            b.add(prefix + "b" + r.nextLong());
        }
        List<String> bl = new ArrayList<>(b);
        Collections.shuffle(bl, r);
        return List.of(new ArrayList<>(a), bl);
    }

    static List<String> plainIntersection(List<String> mine, List<String> theirs) {
        Set<String> t = new HashSet<>(theirs);
        List<String> out = new ArrayList<>();
        for (String s : mine) {
            if (t.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void bothPartiesGetExactlyThePlainIntersectionForOverlapsFromNoneToAll() {
        Random r = new Random(42);
        for (double overlap : new double[] {0, 0.01, 0.3, 0.77, 1.0}) {
            int n = 1 + r.nextInt(900);
            int m = 1 + r.nextInt(900);
            List<List<String>> s = sets(r, n, m, overlap, "acct-");
            var o = psi(s.get(0), s.get(1), cfg(Output.BOTH, false, 1 + r.nextInt(300)));
            assertThat(o.serverError()).isNull();
            assertThat(o.joinerError()).isNull();
            assertThat(o.server().intersection()).as("server, overlap %s", overlap).isEqualTo(plainIntersection(s.get(0), s.get(1)));
            assertThat(o.joiner().intersection()).as("joiner, overlap %s", overlap).isEqualTo(plainIntersection(s.get(1), s.get(0)));
            assertThat(o.server().size()).isEqualTo(plainIntersection(s.get(0), s.get(1)).size());
            assertThat(o.server().peerSize()).isEqualTo(m);
            assertThat(o.joiner().peerSize()).isEqualTo(n);
        }
    }

    @Test
    void onlyTheNamedPartyLearnsTheIntersectionInEitherRole() {
        Random r = new Random(7);
        List<List<String>> s = sets(r, 300, 500, 0.4, "");
        var toServer = psi(s.get(0), s.get(1), cfg(Output.SERVER, false, 64));
        assertThat(toServer.server().intersection()).isEqualTo(plainIntersection(s.get(0), s.get(1)));
        assertThat(toServer.joiner().intersection()).isNull();
        assertThat(toServer.joiner().size()).isEqualTo(-1);
        var toJoiner = psi(s.get(0), s.get(1), cfg(Output.JOINER, false, 64));
        assertThat(toJoiner.joiner().intersection()).isEqualTo(plainIntersection(s.get(1), s.get(0)));
        assertThat(toJoiner.server().intersection()).isNull();
        assertThat(toJoiner.server().size()).isEqualTo(-1);
    }

    @Test
    void sizeOnlyGivesTheCountAndNoItems() {
        Random r = new Random(9);
        List<List<String>> s = sets(r, 700, 400, 0.6, "x");
        var o = psi(s.get(0), s.get(1), cfg(Output.BOTH, true, 100));
        int expected = plainIntersection(s.get(0), s.get(1)).size();
        assertThat(expected).isEqualTo(240);
        assertThat(o.server().size()).isEqualTo(expected);
        assertThat(o.joiner().size()).isEqualTo(expected);
        assertThat(o.server().intersection()).isNull();
        assertThat(o.joiner().intersection()).isNull();
    }

    @Test
    void emptySetsOnEitherSide() {
        var bothEmpty = psi(List.of(), List.of(), cfg(Output.BOTH, false, 16));
        assertThat(bothEmpty.server().intersection()).isEmpty();
        assertThat(bothEmpty.joiner().intersection()).isEmpty();
        var oneEmpty = psi(List.of("a", "b"), List.of(), cfg(Output.BOTH, false, 16));
        assertThat(oneEmpty.server().intersection()).isEmpty();
        assertThat(oneEmpty.joiner().peerSize()).isEqualTo(2);
    }

    @Test
    void unicodeAndVeryLongIdentifiersMatchExactly() {
        String longId = "账户-" + "长".repeat(20_000);
        List<String> a = List.of("张三@例子.中国", "😀🔑", longId, longId + "x", "Ünïcödé", "ｆｕｌｌ");
        List<String> b = List.of(longId, "张三@例子.中国", "Ünïcödé", "unicode", "😀🔒", "full");
        var o = psi(a, b, cfg(Output.BOTH, false, 2));
        assertThat(o.server().intersection()).containsExactly("张三@例子.中国", longId, "Ünïcödé");
        assertThat(o.joiner().intersection()).containsExactly(longId, "张三@例子.中国", "Ünïcödé");
    }

    @Test
    void differingSettingsStopBothSidesWithAMessageNamingTheSetting() {
        EcdhPsi engine = new EcdhPsi(Loopback.POOL, Loopback.WORKERS);
        var o = loop.run(c -> engine.run(c.channel(), Role.SERVER, new PsiConfig(Output.BOTH, false, "cn-mobile", 64), List.of("a"),
                        ProgressListener.NONE),
                c -> engine.run(c.channel(), Role.JOINER, new PsiConfig(Output.BOTH, false, "trim", 64), List.of("a"), ProgressListener.NONE));
        assertThat(o.serverError()).isInstanceOf(PeerException.class).hasMessageContaining("normalisation")
                .hasMessageContaining("cn-mobile").hasMessageContaining("trim");
        assertThat(o.joinerError()).isInstanceOf(PeerException.class).hasMessageContaining("normalisation");
        assertThat(o.server()).isNull();
        assertThat(o.joiner()).isNull();
    }

    @Test
    void aDroppedConnectionFailsBothSidesCleanlyAndARerunSucceeds() {
        Random r = new Random(11);
        List<List<String>> s = sets(r, 3000, 3000, 0.5, "d");
        EcdhPsi engine = new EcdhPsi(Loopback.POOL, Loopback.WORKERS);
        PsiConfig cfg = cfg(Output.BOTH, false, 256);
        var cut = loop.run(c -> engine.run(c.channel(), Role.SERVER, cfg, s.get(0), ProgressListener.NONE),
                c -> engine.run(c.channel(), Role.JOINER, cfg, s.get(1), ProgressListener.NONE), Duration.ofSeconds(10), 60_000);
        assertThat(cut.server()).isNull();
        assertThat(cut.joiner()).isNull();
        assertThat(cut.serverError()).isInstanceOf(PeerException.class).hasMessageContaining("re-run");
        assertThat(cut.joinerError()).isInstanceOf(PeerException.class);
        var rerun = psi(s.get(0), s.get(1), cfg);
        assertThat(rerun.server().intersection()).isEqualTo(plainIntersection(s.get(0), s.get(1)));
        assertThat(rerun.joiner().intersection()).isEqualTo(plainIntersection(s.get(1), s.get(0)));
    }
}
