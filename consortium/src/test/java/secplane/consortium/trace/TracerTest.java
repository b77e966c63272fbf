package secplane.consortium.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.data.MuleNetwork;
import secplane.consortium.data.MuleNetworkGenerator;
import secplane.consortium.data.Transfer;
import secplane.consortium.net.ChannelService;
import secplane.privacy.transport.FramedChannel;

class TracerTest {
    @TempDir
    static Path dir;
    static TestConsortium consortium;
    static MuleNetwork net;

    @BeforeAll
    static void start() {
        consortium = new TestConsortium(dir, MuleNetworkGenerator.Params.small(7));
        net = consortium.network;
    }

    @AfterAll
    static void stop() {
        consortium.close();
    }

    private static TraceCase caseOf(String victimMember) {
        return new TraceCase("case-1", net.victimAccount(), victimMember, net.stolenAmount(), net.windowStart(), net.windowEnd(), 6);
    }

    private static Set<String> plantedIds() {
        return net.transfers().stream().map(h -> h.transfer().id()).collect(Collectors.toSet());
    }

    /** The planted transfers a trace can follow when the accounts of {@code blocked} cannot be expanded. */
    private static Set<String> reachableAvoiding(String blocked) {
        Set<String> ids = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(net.victimAccount()));
        while (!todo.isEmpty()) {
            String a = todo.pop();
            if (blocked.equals(net.holders().get(a))) {
                continue;
            }
            for (MuleNetwork.Hop h : net.transfers()) {
                if (h.transfer().fromAccount().equals(a) && ids.add(h.transfer().id())) {
                    todo.push(h.transfer().toAccount());
                }
            }
        }
        return ids;
    }

    @Test
    void traceAcrossMembersFindsExactlyThePlantedMuleNetwork() {
        assertThat(net.transfers()).as("the seed plants transfers without the receiving member").anyMatch(h -> h.transfer().toMember() == null);
        assertThat(net.depth()).isEqualTo(4);
        TraceResult r = consortium.tracer("bank").trace(caseOf("bank"));

        assertThat(r.gaps()).isEmpty();
        assertThat(r.edges()).extracting(TraceResult.Edge::transferId).containsExactlyInAnyOrderElementsOf(plantedIds());
        for (TraceResult.Edge e : r.edges()) {
            MuleNetwork.Hop planted = net.transfers().stream().filter(h -> h.transfer().id().equals(e.transferId())).findFirst().orElseThrow();
            assertThat(e.depth()).isEqualTo(planted.depth());
            assertThat(e.toMember()).as("located holder of " + e.toAccount()).isEqualTo(net.holders().get(e.toAccount()));
            assertThat(e.amount()).isEqualTo(planted.transfer().amount());
        }
        for (TraceResult.Node n : r.nodes()) {
            assertThat(n.member()).isEqualTo(net.holders().get(n.account()));
        }
        assertThat(r.freezes()).hasSize(net.holders().size() - 1).allMatch(TraceResult.Freeze::accepted);
        assertThat(TraceReport.json(r)).contains("\"transfers\":[{").contains(net.victimAccount());
        assertThat(TraceReport.table(r)).contains("FROZEN").contains(net.transfers().get(0).transfer().id());
    }

    @Test
    void victimReportedWithoutItsInstitutionIsLocatedByAnotherMember() {
        TraceResult r = consortium.tracer("payco").trace(caseOf(null));

        assertThat(r.nodes().get(0).member()).isEqualTo(net.victimMember());
        assertThat(r.edges()).extracting(TraceResult.Edge::transferId).containsExactlyInAnyOrderElementsOf(plantedIds());
        assertThat(r.gaps()).isEmpty();
    }

    @Test
    void membersAreAskedOnlyAboutAccountsTheyHold() {
        consortium.received.values().forEach(List::clear);
        consortium.tracer("bank").trace(caseOf("bank"));

        int asked = 0;
        for (Map.Entry<String, List<String>> e : consortium.received.entrySet()) {
            for (String line : e.getValue()) {
                String[] kindAccount = line.split(" ", 2);
                if (!kindAccount[0].equals(TraceFrames.LOCATE)) {
                    asked++;
                    assertThat(consortium.data.get(e.getKey()).holds(kindAccount[1]))
                            .as(e.getKey() + " was sent " + line + " for an account it does not hold").isTrue();
                }
            }
        }
        assertThat(asked).as("onward and freeze requests went over the network").isGreaterThan(3);
        assertThat(consortium.received.get("payco")).anyMatch(l -> l.startsWith(TraceFrames.LOCATE));
    }

    @Test
    void aMemberThatIsDownIsReportedAndTheTraceContinues() {
        try {
            consortium.stop("telco");
            TraceResult r = consortium.tracer("bank").trace(caseOf("bank"));

            assertThat(r.gaps()).isNotEmpty().allMatch(g -> g.member() == null || g.member().equals("telco"));
            assertThat(r.gaps()).anyMatch(g -> "telco".equals(g.member()) && g.reason().contains("telco"));
            Set<String> expected = reachableAvoiding("telco");
            assertThat(expected).isNotEmpty().hasSizeLessThan(plantedIds().size());
            assertThat(r.edges()).extracting(TraceResult.Edge::transferId).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(r.freezes()).filteredOn(f -> f.member() != null && f.member().equals("telco")).allMatch(f -> !f.answered());
            Set<String> reachedElsewhere = net.transfers().stream().filter(h -> expected.contains(h.transfer().id()))
                    .map(h -> h.transfer().toAccount()).filter(a -> !"telco".equals(net.holders().get(a))).collect(Collectors.toSet());
            assertThat(r.freezes()).filteredOn(TraceResult.Freeze::accepted).extracting(TraceResult.Freeze::account)
                    .containsExactlyInAnyOrderElementsOf(reachedElsewhere);
        } finally {
            consortium.serve("telco", consortium.services.get("telco").services());
        }
    }

    /** Answers every onward request with a transfer out of another account than the one asked. */
    private static final class Lying implements ChannelService {
        @Override
        public String kind() {
            return TraceFrames.ONWARD;
        }

        @Override
        public void serve(FramedChannel ch, String peer) {
            TraceWire.OnwardRequest r = TraceWire.onwardRequest(ch.expect(TraceFrames.ONWARD_REQUEST, "request").payload());
            Transfer t = new Transfer("X1", "someone-else", "bank", MuleNetworkGenerator.accountId("bank", 150), 100, r.from());
            ch.send(TraceFrames.ONWARD_ANSWER, TraceWire.onwardAnswer(new TraceWire.OnwardAnswer(true, List.of(t))));
        }
    }

    /** Answers with bytes that are not an onward answer. */
    private static final class Garbage implements ChannelService {
        @Override
        public String kind() {
            return TraceFrames.ONWARD;
        }

        @Override
        public void serve(FramedChannel ch, String peer) {
            ch.receive();
            ch.send(TraceFrames.ONWARD_ANSWER, new byte[] {1, 0, 0, 0, 9, 0});
        }
    }

    /** Answers freeze requests with bytes that are not a freeze answer. */
    private static final class GarbledFreeze implements ChannelService {
        @Override
        public String kind() {
            return TraceFrames.FREEZE;
        }

        @Override
        public void serve(FramedChannel ch, String peer) {
            ch.receive();
            ch.send(TraceFrames.FREEZE_ANSWER, new byte[] {1});
        }
    }

    @Test
    void aMalformedFreezeAnswerIsRejectedAndTheOthersStand() {
        try {
            List<ChannelService> served = new java.util.ArrayList<>(consortium.services.get("telco").services());
            served.removeIf(s -> s.kind().equals(TraceFrames.FREEZE));
            served.add(new GarbledFreeze());
            consortium.serve("telco", served);
            TraceResult r = consortium.tracer("bank").trace(caseOf("bank"));

            assertThat(r.edges()).extracting(TraceResult.Edge::transferId).containsExactlyInAnyOrderElementsOf(plantedIds());
            assertThat(r.freezes()).filteredOn(f -> f.member().equals("telco")).isNotEmpty()
                    .allMatch(f -> !f.answered() && !f.accepted() && f.reason().startsWith("malformed freeze answer rejected"));
            assertThat(r.freezes()).filteredOn(f -> !f.member().equals("telco")).isNotEmpty().allMatch(TraceResult.Freeze::accepted);
        } finally {
            consortium.serve("telco", consortium.services.get("telco").services());
        }
    }

    @Test
    void malformedAnswersAreRejectedAndTheTraceContinues() {
        for (ChannelService bad : List.of(new Lying(), new Garbage())) {
            try {
                List<ChannelService> served = new java.util.ArrayList<>(consortium.services.get("payco").services());
                served.removeIf(s -> s.kind().equals(TraceFrames.ONWARD));
                served.add(bad);
                consortium.serve("payco", served);
                TraceResult r = consortium.tracer("bank").trace(caseOf("bank"));

                assertThat(r.gaps()).isNotEmpty().allMatch(g -> g.member().equals("payco") && g.reason().startsWith("malformed onward answer rejected"));
                assertThat(r.edges()).extracting(TraceResult.Edge::transferId).doesNotContain("X1")
                        .containsExactlyInAnyOrderElementsOf(reachableAvoiding("payco"));
            } finally {
                consortium.serve("payco", consortium.services.get("payco").services());
            }
        }
    }
}
