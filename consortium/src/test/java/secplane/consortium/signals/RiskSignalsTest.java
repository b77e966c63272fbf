package secplane.consortium.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.data.Flag;
import secplane.consortium.data.MemberData;
import secplane.consortium.net.ListenerLimits;
import secplane.consortium.net.MemberAddress;
import secplane.consortium.net.MemberListener;
import secplane.consortium.net.RequestLog;
import secplane.consortium.net.TlsMemberChannels;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;
import secplane.privacy.transport.TestPki;
import secplane.privacy.transport.TlsFiles;

class RiskSignalsTest {
    private static final List<String> NAMES = List.of("bank", "payco", "telco", "ecom");
    @TempDir
    Path dir;
    private TestPki.Pki pki;
    private final Map<String, MemberListener> listeners = new LinkedHashMap<>();
    private final Map<String, MemberData> data = new LinkedHashMap<>();
    private final Map<String, List<Flag>> flags = new LinkedHashMap<>();
    private final List<String> asked = new ArrayList<>();

    private static String subject(String name) {
        return "O=secplane PSI test,CN=" + name;
    }

    private SSLContext tls(String name) {
        TestPki.PartyFiles p = pki.parties().get(NAMES.indexOf(name));
        return TlsFiles.fromPem(p.certificate(), p.key(), pki.ca());
    }

    private TlsMemberChannels channels(String self) {
        List<MemberAddress> others = new ArrayList<>();
        for (String o : NAMES) {
            if (!o.equals(self)) {
                others.add(new MemberAddress(o, "127.0.0.1", listeners.get(o).port(), subject(o)));
            }
        }
        return new TlsMemberChannels(self, tls(self), others, Duration.ofSeconds(10));
    }

    @BeforeEach
    void start() {
        pki = TestPki.create(dir, NAMES.toArray(String[]::new));
        SplittableRandom rnd = new SplittableRandom(11);
        for (int i = 0; i < 40; i++) {
            asked.add("ACC" + i);
        }
        for (String m : NAMES) {
            List<Flag> fs = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                // accounts ACC0..ACC79: half of them asked about; some flagged twice by the same member
                fs.add(new Flag("ACC" + rnd.nextInt(80), 1_000_000 + rnd.nextLong(9_000_000)));
            }
            flags.put(m, fs);
            MemberData d = MemberData.open("jdbc:h2:mem:signals-" + m + "-" + System.nanoTime());
            d.load(sink -> fs.forEach(sink::flag));
            data.put(m, d);
            List<MemberAddress> peers = new ArrayList<>();
            for (String o : NAMES) {
                if (!o.equals(m)) {
                    peers.add(new MemberAddress(o, "127.0.0.1", 1, subject(o)));
                }
            }
            listeners.put(m, MemberListener.start("127.0.0.1", 0, tls(m), peers, List.of(), ListenerLimits.DEFAULT, RequestLog.NONE));
        }
        for (String m : NAMES) {
            new RiskSignals(data.get(m), channels(m), Duration.ofSeconds(5)).services().forEach(listeners.get(m)::register);
        }
    }

    @AfterEach
    void stop() {
        listeners.values().forEach(MemberListener::close);
        data.values().forEach(MemberData::close);
    }

    /** The plain (count, amount) member {@code m} holds on the accounts asked about. */
    private long[] plain(String m) {
        Set<String> set = new HashSet<>(asked);
        long c = 0;
        long v = 0;
        for (Flag f : flags.get(m)) {
            if (set.contains(f.account())) {
                c++;
                v += f.amount();
            }
        }
        return new long[] {c, v};
    }

    @Test
    void totalsEqualThePlainSumOverTheOtherMembers() {
        SignalResult r = new SignalQuerier(channels("bank"), SignalQuerier.Transcript.NONE).query(asked);
        long c = 0;
        long v = 0;
        for (String m : List.of("payco", "telco", "ecom")) {
            c += plain(m)[0];
            v += plain(m)[1];
        }
        assertThat(plain("bank")[0]).as("the querier's own flags exist but are not counted").isPositive();
        assertThat(r.flags()).isEqualTo(c);
        assertThat(r.reportedAmount()).isEqualTo(v);
        assertThat(r.contributors()).containsExactly("payco", "telco", "ecom");
        assertThat(r.missing()).isEmpty();
    }

    private static boolean containsLong(byte[] hay, long needle) {
        byte[] n = ByteBuffer.allocate(8).putLong(needle).array();
        outer:
        for (int i = 0; i + 8 <= hay.length; i++) {
            for (int j = 0; j < 8; j++) {
                if (hay[i + j] != n[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void theQuerierReceivesNoPerMemberValue() {
        List<Object[]> received = new CopyOnWriteArrayList<>();
        SignalResult r = new SignalQuerier(channels("bank"), (member, type, payload) -> received.add(new Object[] {member, type, payload}))
                .query(asked);
        assertThat(received).hasSize(6);
        long sumOfMasked = 0;
        for (Object[] rec : received) {
            byte[] payload = (byte[]) rec[2];
            for (String m : List.of("payco", "telco", "ecom")) {
                long[] p = plain(m);
                assertThat(p[0]).isPositive();
                assertThat(containsLong(payload, p[0])).as(rec[0] + " frame " + rec[1] + " carries " + m + "'s count").isFalse();
                assertThat(containsLong(payload, p[1])).as(rec[0] + " frame " + rec[1] + " carries " + m + "'s amount").isFalse();
            }
            if ((byte) rec[1] == SignalFrames.MASKED) {
                sumOfMasked += ByteBuffer.wrap(payload).getLong(8);
            }
        }
        assertThat(sumOfMasked).as("the masks cancel only in the sum").isEqualTo(r.reportedAmount());
    }

    @Test
    void aMemberDownIsLeftOutWhileTwoStillContribute() {
        listeners.get("ecom").close();
        SignalResult r = new SignalQuerier(channels("bank"), SignalQuerier.Transcript.NONE).query(asked);
        assertThat(r.contributors()).containsExactly("payco", "telco");
        assertThat(r.missing()).containsOnlyKeys("ecom");
        assertThat(r.flags()).isEqualTo(plain("payco")[0] + plain("telco")[0]);
        assertThat(r.reportedAmount()).isEqualTo(plain("payco")[1] + plain("telco")[1]);
    }

    @Test
    void aParticipantThatCannotAgreeMasksFailsTheQueryClearly() {
        // telco serves queries but not mask seeds: the masks cannot be agreed, no total can be given
        listeners.get("telco").close();
        List<MemberAddress> peers = new ArrayList<>();
        for (String o : NAMES) {
            if (!o.equals("telco")) {
                peers.add(new MemberAddress(o, "127.0.0.1", 1, subject(o)));
            }
        }
        RiskSignals telco = new RiskSignals(data.get("telco"), channels("telco"), Duration.ofSeconds(1));
        listeners.put("telco", MemberListener.start("127.0.0.1", 0, tls("telco"), peers,
                telco.services().stream().filter(x -> x.kind().equals(SignalFrames.QUERY_KIND)).toList(), ListenerLimits.DEFAULT, RequestLog.NONE));
        assertThatThrownBy(() -> new SignalQuerier(channels("bank"), SignalQuerier.Transcript.NONE).query(asked))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("failed " + SignalQuerier.ATTEMPTS + " times")
                .hasMessageContaining("telco");
    }

    @Test
    void withOneContributorLeftTheQueryIsRefused() {
        listeners.get("ecom").close();
        listeners.get("telco").close();
        assertThatThrownBy(() -> new SignalQuerier(channels("bank"), SignalQuerier.Transcript.NONE).query(asked))
                .hasMessageContaining("refused").hasMessageContaining("fewer than 2");
    }

    @Test
    void aMemberRefusesAQueryThatWouldDiscloseItsOwnFigures() {
        byte[] query = SignalWire.query(new SignalWire.Query("q1", List.of("payco"), new byte[32]));
        try (FramedChannel ch = channels("bank").open("payco", SignalFrames.QUERY_KIND)) {
            ch.send(SignalFrames.QUERY, query);
            assertThatThrownBy(() -> ch.receive()).isInstanceOf(PeerException.class).hasMessageContaining("fewer than 2");
        }
        byte[] withQuerier = SignalWire.query(new SignalWire.Query("q2", List.of("payco", "bank"), new byte[32]));
        try (FramedChannel ch = channels("bank").open("payco", SignalFrames.QUERY_KIND)) {
            ch.send(SignalFrames.QUERY, withQuerier);
            assertThatThrownBy(() -> ch.receive()).isInstanceOf(PeerException.class).hasMessageContaining("not the querier");
        }
    }
}
