package secplane.consortium.node;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import secplane.consortium.config.MemberConfig;
import secplane.consortium.config.MemberIdentity;
import secplane.consortium.net.Frames;
import secplane.consortium.net.MemberAddress;
import secplane.consortium.net.TlsMemberChannels;
import secplane.privacy.transport.Frame;
import secplane.privacy.transport.FramedChannel;

/** Files a case with the member's own node ({@code case.file}), authenticating with the member's own certificate. */
public final class CaseClient {
    private CaseClient() {
    }

    /** The node's answer: the report as text and the trace result as JSON. */
    public record Filed(String report, String json) {
    }

    public static Filed file(MemberConfig config, String account, String member, long amount, Instant from, Instant to, int hops,
            Duration timeout, Consumer<String> progress) {
        MemberIdentity id = MemberIdentity.load(config);
        String host = config.listenHost().equals("0.0.0.0") ? "127.0.0.1" : config.listenHost();
        MemberAddress self = new MemberAddress(config.name(), host, config.listenPort(), MemberNode.ownSubject(config));
        TlsMemberChannels channels = new TlsMemberChannels(config.name() + "-cli", id.tls(), List.of(self), timeout);
        try (FramedChannel ch = channels.open(config.name(), CaseService.KIND)) {
            ch.send(Frames.CASE_FILE, CaseService.request(account, member, amount, from, to, hops));
            while (true) {
                Frame f = ch.receive();
                String text = new String(f.payload(), StandardCharsets.UTF_8);
                if (f.type() == Frames.CASE_PROGRESS) {
                    progress.accept(text);
                } else if (f.type() == Frames.CASE_REPORT) {
                    String json = new String(ch.expect(Frames.CASE_JSON, "the trace result as JSON").payload(), StandardCharsets.UTF_8);
                    return new Filed(text, json);
                } else {
                    throw new IllegalStateException("unexpected frame type " + f.type() + " from the node");
                }
            }
        }
    }
}
