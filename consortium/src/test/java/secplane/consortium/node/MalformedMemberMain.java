package secplane.consortium.node;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.data.MemberData;
import secplane.consortium.net.ChannelService;
import secplane.consortium.trace.FreezePolicy;
import secplane.consortium.trace.TraceFrames;
import secplane.consortium.trace.TraceServices;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.unbalanced.OprfKey;
import secplane.privacy.unbalanced.PreparedSet;

/**
 * A member node whose {@code trace.onward} answers garbage (a well-framed answer with a malformed payload) while its
 * other request kinds are the real ones: the tracer must reject the answer with a clear error and go on.
 */
public final class MalformedMemberMain {
    private MalformedMemberMain() {
    }

    public static void main(String[] args) throws Exception {
        MemberConfig c = MemberConfig.load(Path.of(args[0]));
        MemberNode node = MemberNode.startLedger(c, MemberNode.lineLog(c.name(), System.out));
        ExecutorService pool = Executors.newFixedThreadPool(1);
        MemberData data = MemberTracing.dataConfig(c).open();
        OprfKey key = OprfKey.generate(new SecureRandom());
        Path prepared = c.file().resolveSibling("malformed.prepared");
        PreparedSet set = TraceServices.prepare(data, key, prepared, pool, 1);
        TraceServices real = new TraceServices(data, key, set, FreezePolicy.standard(), pool, 1, 1000, TraceServices.RequestObserver.NONE);
        for (ChannelService s : real.services()) {
            if (s.kind().equals(TraceFrames.ONWARD)) {
                node.serve(new ChannelService() {
                    @Override
                    public String kind() {
                        return TraceFrames.ONWARD;
                    }

                    @Override
                    public void serve(FramedChannel channel, String peer) {
                        channel.receive();
                        channel.send(TraceFrames.ONWARD_ANSWER, "\u0000\u0007garbage, not transfers".getBytes(StandardCharsets.UTF_8));
                    }
                });
            } else {
                node.serve(s);
            }
        }
        node.log().accept("ready");
        new CountDownLatch(1).await();
    }
}
