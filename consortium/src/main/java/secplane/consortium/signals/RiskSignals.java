package secplane.consortium.signals;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.math.ec.ECPoint;
import secplane.consortium.data.Flag;
import secplane.consortium.data.MemberData;
import secplane.consortium.net.ChannelService;
import secplane.consortium.net.MemberChannels;
import secplane.privacy.curve.HashToCurve;
import secplane.privacy.curve.Scalars;
import secplane.privacy.psi.Shuffle;
import secplane.privacy.sum.BabyStepGiantStep;
import secplane.privacy.sum.ExponentialElGamal;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;

/**
 * A member's side of joint risk signals: it adds up, over the querier's accounts, how many fraud flags it holds and the
 * amount reported, and hands the querier that pair hidden under masks that cancel only in the sum over all participants.
 *
 * <p>Per query, with the querier Q and this member M (an intersection-sum with the roles of Ion et al., EuroS&amp;P 2020,
 * reversed so that the value holder learns its own sum):
 * <ol>
 *   <li>Q → M: H(x)^a for each of Q's accounts, shuffled; M computes H(x)^(ab);</li>
 *   <li>M → Q: its exponential-ElGamal public key and, shuffled, per flagged account y: H(y)^b, Enc(flags on y),
 *       Enc(amount reported on y);</li>
 *   <li>Q → M: H(y)^(ba), the ciphertexts re-randomised, shuffled again, so M cannot tell which of its rows matched;</li>
 *   <li>M adds the ciphertexts of the rows whose tag is among the H(x)^(ab), decrypts its count c_M and amount v_M,
 *       adds its pairwise masks and sends (c_M + m, v_M + m') mod 2^64 to Q.</li>
 * </ol>
 */
public final class RiskSignals {
    public static final String DST = "secplane-signals-v1-with-" + HashToCurve.SUITE;
    static final HashToCurve HASH = new HashToCurve(DST);
    private final MemberData data;
    private final MemberChannels channels;
    private final Masks masks = new Masks();
    private final SecureRandom random = new SecureRandom();
    private final Duration seedTimeout;

    public RiskSignals(MemberData data, MemberChannels channels, Duration seedTimeout) {
        this.data = data;
        this.channels = channels;
        this.seedTimeout = seedTimeout;
    }

    public List<ChannelService> services() {
        return List.of(new ChannelService() {
            @Override
            public String kind() {
                return SignalFrames.QUERY_KIND;
            }

            @Override
            public void serve(FramedChannel channel, String peer) {
                answer(channel, peer);
            }
        }, new ChannelService() {
            @Override
            public String kind() {
                return SignalFrames.MASK_KIND;
            }

            @Override
            public void serve(FramedChannel channel, String peer) {
                SignalWire.Seed s = SignalWire.seed(channel.expect(SignalFrames.SEED, "a mask seed").payload());
                masks.received(s.queryId(), peer, s.seed());
                channel.send(SignalFrames.SEED_STORED, new byte[0]);
            }
        });
    }

    static byte[] point(String account) {
        return HASH.encode(account.getBytes(StandardCharsets.UTF_8));
    }

    private void answer(FramedChannel ch, String querier) {
        SignalWire.Query q = SignalWire.query(ch.expect(SignalFrames.QUERY, "a signal query").payload());
        String self = channels.self();
        List<String> ps = q.participants();
        if (!ps.contains(self) || ps.contains(querier) || new HashSet<>(ps).size() != ps.size()) {
            throw new PeerException("refused: the participants must list this member once and not the querier");
        }
        if (ps.size() < 2) {
            throw new PeerException("refused: with fewer than 2 contributing members the total would be one member's own figures");
        }
        for (String p : ps) {
            if (!p.equals(self) && !channels.members().contains(p)) {
                throw new PeerException("refused: participant " + p + " is not a consortium member");
            }
        }
        // 1. the querier's accounts under both blindings, as 64-bit tags
        byte[] b = Scalars.randomClamped(random);
        Set<Long> theirs = new HashSet<>();
        byte[] u = new byte[SignalWire.POINT];
        for (int i = 0; i < q.count(); i++) {
            Scalars.maskClamped(b, q.points(), i * SignalWire.POINT, u, 0);
            theirs.add(tag(u, 0));
        }
        // 2. this member's flags, one row per account, shuffled
        Map<String, long[]> perAccount = new LinkedHashMap<>();
        for (Flag f : data.flags()) {
            long[] cv = perAccount.computeIfAbsent(f.account(), k -> new long[2]);
            cv[0]++;
            cv[1] += f.amount();
        }
        if (perAccount.size() > SignalWire.MAX_ITEMS) {
            throw new PeerException("this member holds flags on more than " + SignalWire.MAX_ITEMS + " accounts; signals support at most that many");
        }
        ExponentialElGamal.KeyShare key = ExponentialElGamal.KeyShare.generate(random);
        byte[] rows = new byte[perAccount.size() * SignalWire.ROW];
        int r = 0;
        for (Map.Entry<String, long[]> e : perAccount.entrySet()) {
            int off = r++ * SignalWire.ROW;
            Scalars.maskClamped(b, point(e.getKey()), 0, rows, off);
            ExponentialElGamal.encrypt(e.getValue()[0], key.publicPoint(), random).encode(rows, off + SignalWire.POINT);
            ExponentialElGamal.encrypt(e.getValue()[1], key.publicPoint(), random).encode(rows, off + SignalWire.POINT + SignalWire.CT);
        }
        Shuffle.records(rows, SignalWire.ROW, random);
        ch.send(SignalFrames.FLAGGED, SignalWire.rows(new SignalWire.Rows(key.encodedPublic(), rows)));
        // the seeds this member owes to higher-named participants go out while the querier re-masks
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        for (String p : ps) {
            if (p.compareTo(self) > 0) {
                byte[] s = new byte[32];
                random.nextBytes(s);
                try (FramedChannel m = channels.open(p, SignalFrames.MASK_KIND)) {
                    m.send(SignalFrames.SEED, SignalWire.seed(q.queryId(), querier, s));
                    m.expect(SignalFrames.SEED_STORED, "the seed stored");
                }
                seeds.put(p, s);
            }
        }
        // 3. the rows back, re-masked and re-randomised: add those that match
        SignalWire.Rows back = SignalWire.rows(ch.expect(SignalFrames.RETURNED, "the re-masked rows").payload(), false);
        ExponentialElGamal.Ciphertext count = ExponentialElGamal.encrypt(0, key.publicPoint(), random);
        ExponentialElGamal.Ciphertext amount = ExponentialElGamal.encrypt(0, key.publicPoint(), random);
        for (int i = 0; i < back.count(); i++) {
            int off = i * SignalWire.ROW;
            if (theirs.contains(tag(back.rows(), off))) {
                try {
                    count = count.add(ExponentialElGamal.Ciphertext.decode(back.rows(), off + SignalWire.POINT));
                    amount = amount.add(ExponentialElGamal.Ciphertext.decode(back.rows(), off + SignalWire.POINT + SignalWire.CT));
                } catch (IllegalArgumentException e) {
                    throw new PeerException("malformed re-masked row " + i + ": " + e.getMessage());
                }
            }
        }
        long c = decrypt(key, count);
        long v = decrypt(key, amount);
        // 4. masks: add those agreed with higher-named participants, subtract those with lower-named ones
        for (String p : ps) {
            if (p.equals(self)) {
                continue;
            }
            long[] m = Masks.expand(p.compareTo(self) > 0 ? seeds.get(p) : masks.await(q.queryId(), p, seedTimeout), q.queryId());
            int sign = p.compareTo(self) > 0 ? 1 : -1;
            c += sign * m[0];
            v += sign * m[1];
        }
        ch.send(SignalFrames.MASKED, SignalWire.masked(c, v));
    }

    private static long decrypt(ExponentialElGamal.KeyShare key, ExponentialElGamal.Ciphertext c) {
        ECPoint mG = c.c2().subtract(key.partialDecrypt(c.c1())).normalize();
        long m = BabyStepGiantStep.get().solve(mG);
        if (m < 0) {
            throw new PeerException("the sum over the intersection exceeds " + BabyStepGiantStep.BOUND
                    + " minor units, the decryption range of exponential ElGamal");
        }
        return m;
    }

    static long tag(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
