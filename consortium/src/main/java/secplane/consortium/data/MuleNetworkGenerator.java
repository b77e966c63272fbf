package secplane.consortium.data;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Deterministic (seeded) data for a consortium of members — by default a bank, a payment provider (payco) and a
 * telecom operator (telco, whose accounts are mobile wallets / top-up accounts) — with background transfers and one
 * planted mule network: the victim's account at the first member sends the stolen amount to a first-layer mule at
 * another member, and each layer splits what it received over the next layer's mules across members, later in time
 * and for less (mules keep a cut), inside a 48-hour window.
 *
 * <p>Mule accounts are fresh: no background transfer leaves them or the victim's account inside the window, so a
 * trace of the case must find exactly the planted network. About one planted transfer in three lacks the receiving
 * member (an incomplete payment record), which makes the tracer locate the holder.
 */
public final class MuleNetworkGenerator {
    /** Generation parameters. {@code fanOut} mules receive from each mule, up to {@code maxWidth} per layer. */
    public record Params(long seed, List<String> members, int accountsPerMember, int transfersPerMember, int layers, int fanOut,
            int maxWidth, int flagsPerMember) {
        public Params {
            if (members.size() < 2) {
                throw new IllegalArgumentException("a mule network needs at least two members");
            }
            if (accountsPerMember < 4 * Math.max(1, maxWidth) || layers < 1 || fanOut < 1 || transfersPerMember < 0) {
                throw new IllegalArgumentException("need layers >= 1, fanOut >= 1 and at least 4 * maxWidth accounts per member");
            }
        }

        /** Three members (bank, payco, telco), sized for tests. */
        public static Params small(long seed) {
            return new Params(seed, List.of("bank", "payco", "telco"), 200, 1000, 4, 2, 4, 20);
        }
    }

    public static final Instant WINDOW_START = Instant.parse("2026-03-02T08:00:00Z");
    public static final Duration WINDOW = Duration.ofHours(48);
    private static final Duration BACKGROUND_SPAN = Duration.ofDays(30);

    private MuleNetworkGenerator() {
    }

    /** An account id in the style of the member's kind: bank card numbers, wallet ids, phone-number wallets. */
    public static String accountId(String member, int index) {
        switch (member) {
            case "bank":
                return String.format("6222%012d", index);
            case "payco":
                return String.format("PW%010d", index);
            case "telco":
                return String.format("+86139%08d", index);
            default:
                return member.toUpperCase() + "-" + String.format("%010d", index);
        }
    }

    /**
     * Generates every member's data into the sink {@code sinks.apply(member)} and returns the planted network. Each
     * sink receives its member's accounts first, then transfers, then flags.
     */
    public static MuleNetwork generate(Params p, Function<String, DataSink> sinks) {
        SplittableRandom rnd = new SplittableRandom(p.seed());
        List<String> members = p.members();
        int n = p.accountsPerMember();
        // reserved (never used by background senders): index 0 of the first member is the victim; indices 1..3*maxWidth+ are mules
        int reserved = 1 + 3 * Math.max(1, p.maxWidth());
        Instant start = WINDOW_START;
        Instant end = start.plus(WINDOW);
        String victimMember = members.get(0);
        String victim = accountId(victimMember, 0);
        long stolen = 5_000_000 + rnd.nextLong(5_000_000); // 50 000.00 to 100 000.00 in minor units
        Map<String, Integer> nextMule = new LinkedHashMap<>();
        for (String m : members) {
            nextMule.put(m, 1);
        }
        Map<String, String> holders = new LinkedHashMap<>();
        holders.put(victim, victimMember);
        Map<String, List<Transfer>> planted = new LinkedHashMap<>();
        for (String m : members) {
            planted.put(m, new ArrayList<>());
        }
        List<MuleNetwork.Hop> hops = new ArrayList<>();
        record Holding(String member, String account, long amount, Instant arrived) {
        }
        List<Holding> layer = List.of(new Holding(victimMember, victim, stolen, start.plus(Duration.ofMinutes(5 + rnd.nextInt(30)))));
        int tid = 0;
        for (int depth = 1; depth <= p.layers(); depth++) {
            List<Holding> next = new ArrayList<>();
            int width = Math.min(p.maxWidth(), depth == 1 ? 1 : layer.size() * p.fanOut());
            int perSender = depth == 1 ? 1 : Math.max(1, width / layer.size());
            // mules of one layer rotate over the members from a random start, so a layer spans institutions
            int rotation = rnd.nextInt(members.size());
            for (Holding h : layer) {
                int parts = Math.min(perSender, p.maxWidth() - next.size());
                if (parts <= 0) {
                    break;
                }
                // each mule keeps 2-5 %; the rest is split unevenly over the next mules
                long forward = depth == 1 ? h.amount() : h.amount() - h.amount() * (2 + rnd.nextInt(4)) / 100;
                long left = forward;
                Instant t = h.arrived();
                for (int k = 0; k < parts; k++) {
                    String toMember = members.get(depth == 1 ? 1 + rnd.nextInt(members.size() - 1) : (rotation + next.size()) % members.size());
                    int idx = nextMule.merge(toMember, 1, Integer::sum) - 1;
                    if (idx >= reserved) {
                        throw new IllegalStateException("the network needs more than " + reserved + " mule accounts at " + toMember);
                    }
                    String to = accountId(toMember, idx);
                    holders.put(to, toMember);
                    long amount = k == parts - 1 ? left : left / (parts - k) + rnd.nextLong(Math.max(1, left / (4 * (parts - k))));
                    left -= amount;
                    t = t.plus(Duration.ofMinutes(3 + rnd.nextInt(40)));
                    boolean recorded = rnd.nextInt(3) != 0;
                    Transfer tr = new Transfer(String.format("%s-T%09d", h.member(), tid++), h.account(), recorded ? toMember : null, to, amount, t);
                    planted.get(h.member()).add(tr);
                    hops.add(new MuleNetwork.Hop(depth, h.member(), tr));
                    next.add(new Holding(toMember, to, amount, t));
                }
            }
            layer = next;
        }
        for (String m : members) {
            DataSink sink = sinks.apply(m);
            for (int i = 0; i < n; i++) {
                sink.account(accountId(m, i));
            }
            for (Transfer t : planted.get(m)) {
                sink.transfer(t);
            }
            int background = Math.max(0, p.transfersPerMember() - planted.get(m).size());
            Instant bgStart = start.minus(BACKGROUND_SPAN.dividedBy(2));
            long span = BACKGROUND_SPAN.toSeconds();
            for (int i = 0; i < background; i++) {
                String from = accountId(m, reserved + rnd.nextInt(n - reserved));
                String toMember = rnd.nextInt(10) < 7 ? m : members.get(rnd.nextInt(members.size()));
                String to = accountId(toMember, rnd.nextInt(n));
                long amount = 100 + rnd.nextLong(2_000_000);
                Instant t = bgStart.plusSeconds(rnd.nextLong(span));
                sink.transfer(new Transfer(String.format("%s-B%09d", m, i), from, toMember, to, amount, t));
            }
            // fraud reports: some of the mules (as complaints name them), and random other accounts
            for (MuleNetwork.Hop h : hops) {
                if (rnd.nextInt(3) == 0) {
                    sink.flag(new Flag(h.transfer().toAccount(), h.transfer().amount() / 10 + rnd.nextLong(100_000)));
                }
            }
            for (int i = 0; i < p.flagsPerMember(); i++) {
                String fm = members.get(rnd.nextInt(members.size()));
                sink.flag(new Flag(accountId(fm, reserved + rnd.nextInt(n - reserved)), 1_000 + rnd.nextLong(1_000_000)));
            }
        }
        return new MuleNetwork(victim, victimMember, stolen, start, end, List.copyOf(hops), Map.copyOf(holders));
    }

    /** Generates into each member's database, one transaction per member, committed only when all data is written. */
    public static MuleNetwork generateInto(Params p, Map<String, MemberData> data) {
        Map<String, MemberData.Loader> loaders = new LinkedHashMap<>();
        try {
            for (String m : p.members()) {
                MemberData d = data.get(m);
                if (d == null) {
                    throw new IllegalArgumentException("no database given for member " + m);
                }
                loaders.put(m, d.loader());
            }
            MuleNetwork n = generate(p, loaders::get);
            for (MemberData.Loader l : loaders.values()) {
                l.commit();
            }
            return n;
        } finally {
            for (MemberData.Loader l : loaders.values()) {
                l.close();
            }
        }
    }
}
