package secplane.consortium.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.privacy.transport.Connection;
import secplane.privacy.transport.Endpoints;
import secplane.privacy.transport.Frame;
import secplane.privacy.transport.FramedChannel;
import secplane.privacy.transport.PeerException;
import secplane.privacy.transport.TestPki;
import secplane.privacy.transport.TlsFiles;

class MemberListenerTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private Pki pki;
    private MemberListener bank;
    private final List<String> log = new CopyOnWriteArrayList<>();

    /** Echoes one frame back upper-cased, prefixed with the authenticated peer's name. */
    private static final class Echo implements ChannelService {
        final List<String> peers = new CopyOnWriteArrayList<>();

        @Override
        public String kind() {
            return "test.echo";
        }

        @Override
        public void serve(FramedChannel channel, String peer) {
            peers.add(peer);
            Frame f = channel.receive();
            channel.sendText((byte) 50, peer + ":" + new String(f.payload(), StandardCharsets.UTF_8).toUpperCase());
        }
    }

    private final Echo echo = new Echo();

    @BeforeEach
    void start() {
        pki = Pki.create(dir.resolve("pki"), "bank", "payco", "telco", "stranger");
        bank = MemberListener.start("127.0.0.1", 0, pki.tls("bank"),
                Pki.addresses(List.of("payco", "telco"), List.of(1, 1)), List.of(echo),
                new ListenerLimits(4, Duration.ofSeconds(5), TIMEOUT, Duration.ofSeconds(3), 256),
                (peer, kind, outcome, took) -> log.add(peer + " " + kind + " " + outcome));
    }

    @AfterEach
    void stop() {
        bank.close();
    }

    private TlsMemberChannels channelsOf(String self, SSLContext tls) {
        return new TlsMemberChannels(self, tls, List.of(new MemberAddress("bank", "127.0.0.1", bank.port(), Pki.subject("bank"))), TIMEOUT);
    }

    private String echo(String self) {
        try (FramedChannel c = channelsOf(self, pki.tls(self)).open("bank", "test.echo")) {
            c.sendText((byte) 50, "hello");
            return new String(c.expect((byte) 50, "echo").payload(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void dispatchesToTheServiceWithTheAuthenticatedMemberName() {
        assertThat(echo("payco")).isEqualTo("payco:HELLO");
        assertThat(echo("telco")).isEqualTo("telco:HELLO");
        assertThat(echo.peers).containsExactly("payco", "telco");
        assertThat(log).contains("payco test.echo ok", "telco test.echo ok");
    }

    @Test
    void unknownKindIsAnsweredWithAnErrorNamingTheKindAndTheListenerKeepsServing() {
        assertThatThrownBy(() -> channelsOf("payco", pki.tls("payco")).open("bank", "trace.nosuch"))
                .isInstanceOf(MemberUnreachableException.class)
                .hasMessageContaining("bank")
                .hasMessageContaining("request kind 'trace.nosuch' is not served here")
                .hasMessageContaining("test.echo");
        assertThat(echo("payco")).isEqualTo("payco:HELLO");
    }

    @Test
    void aCertificateOfTheCaThatIsNotAConfiguredMemberIsRefused() {
        assertThatThrownBy(() -> channelsOf("stranger", pki.tls("stranger")).open("bank", "test.echo"))
                .isInstanceOf(MemberUnreachableException.class)
                .hasMessageContaining("CN=stranger")
                .hasMessageContaining("is not a member of this consortium");
        assertThat(echo.peers).isEmpty();
        assertThat(log).anyMatch(l -> l.contains("refused: unknown member O=secplane PSI test,CN=stranger"));
        assertThat(echo("telco")).isEqualTo("telco:HELLO");
    }

    @Test
    void aCertificateFromAnotherCaFailsTheHandshake() {
        TestPki.PartyFiles other = TestPki.createUntrusted(dir.resolve("other"), "payco");
        SSLContext forged = TlsFiles.fromPem(other.certificate(), other.key(), pki.files().ca());
        assertThatThrownBy(() -> channelsOf("payco", forged).open("bank", "test.echo"))
                .isInstanceOf(MemberUnreachableException.class)
                .hasMessageStartingWith("bank: ");
        assertThat(echo.peers).isEmpty();
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
                .until(() -> log.stream().anyMatch(l -> l.contains("refused: TLS handshake failed")));
        assertThat(echo("payco")).isEqualTo("payco:HELLO");
    }

    @Test
    void aNodePresentingAnotherMembersCertificateIsRefusedByTheClient() {
        // telco's certificate is valid but it is not bank's: a client dialling bank's address must not accept it
        MemberListener impostor = MemberListener.start("127.0.0.1", 0, pki.tls("telco"),
                Pki.addresses(List.of("payco"), List.of(1)), List.of(echo), ListenerLimits.DEFAULT, RequestLog.NONE);
        try {
            TlsMemberChannels payco = new TlsMemberChannels("payco", pki.tls("payco"),
                    List.of(new MemberAddress("bank", "127.0.0.1", impostor.port(), Pki.subject("bank"))), TIMEOUT);
            assertThatThrownBy(() -> payco.open("bank", "test.echo"))
                    .isInstanceOf(MemberUnreachableException.class)
                    .hasMessageContaining("presented the certificate of O=secplane PSI test,CN=telco");
        } finally {
            impostor.close();
        }
        assertThat(echo.peers).isEmpty();
    }

    @Test
    void plainTcpGarbageIsRefusedAndTheListenerKeepsServing() throws Exception {
        try (Socket s = new Socket("127.0.0.1", bank.port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoTimeout(5_000);
            // the node closes the connection (possibly after a TLS alert): the stream ends
            while (s.getInputStream().read() >= 0) {
                // drain the alert, if any
            }
        }
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS)
                .until(() -> log.stream().anyMatch(l -> l.contains("refused: TLS handshake failed")));
        assertThat(echo("payco")).isEqualTo("payco:HELLO");
    }

    @Test
    void anOversizedOrGarbledOpeningFrameIsAnsweredWithAnError() throws Exception {
        try (Connection c = Endpoints.connect("127.0.0.1", bank.port(), pki.tls("payco"), TIMEOUT)) {
            DataOutputStream out = new DataOutputStream(c.socket().getOutputStream());
            out.writeInt(10 << 20); // claims 10 MiB before naming a kind
            out.flush();
            assertThatThrownBy(() -> c.channel().receive()).isInstanceOf(PeerException.class)
                    .hasMessageContaining("the opening frame claims 10485760 bytes (limit 256)");
        }
        try (Connection c = Endpoints.connect("127.0.0.1", bank.port(), pki.tls("payco"), TIMEOUT)) {
            c.channel().sendText((byte) 7, "test.echo");
            assertThatThrownBy(() -> c.channel().receive()).isInstanceOf(PeerException.class)
                    .hasMessageContaining("the first frame must be REQUEST");
        }
        assertThat(echo.peers).isEmpty();
        assertThat(echo("payco")).isEqualTo("payco:HELLO");
    }

    @Test
    void anOversizedFrameInsideARequestFailsThatRequestOnly() throws Exception {
        try (FramedChannel c = channelsOf("payco", pki.tls("payco")).open("bank", "test.echo")) {
            // a raw header claiming 20 MiB, above FramedChannel's 16 MiB cap: the service must refuse, not allocate
            writeRawHeader(c, 20 << 20);
            assertThatThrownBy(c::receive).isInstanceOf(PeerException.class)
                    .hasMessageContaining("test.echo failed")
                    .hasMessageContaining("20971520 bytes");
        }
        assertThat(echo("telco")).isEqualTo("telco:HELLO");
    }

    /** Writes a frame header by reaching the socket under the channel (FramedChannel itself refuses to). */
    private static void writeRawHeader(FramedChannel c, int length) throws Exception {
        java.lang.reflect.Field f = FramedChannel.class.getDeclaredField("out");
        f.setAccessible(true);
        DataOutputStream out = (DataOutputStream) f.get(c);
        out.writeInt(length);
        out.writeByte(50);
        out.flush();
    }

    @Test
    void aRequestRunningPastTheRequestTimeoutIsCutOff() {
        CountDownLatch released = new CountDownLatch(1);
        bank.register(new ChannelService() {
            @Override
            public String kind() {
                return "test.stall";
            }

            @Override
            public void serve(FramedChannel channel, String peer) throws Exception {
                channel.receive(); // never arrives: the 3 s request limit closes the socket
                released.countDown();
            }
        });
        long start = System.nanoTime();
        try (FramedChannel c = channelsOf("payco", pki.tls("payco")).open("bank", "test.stall")) {
            assertThatThrownBy(c::receive).isInstanceOf(PeerException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(echo("payco")).isEqualTo("payco:HELLO");
    }

    @Test
    void connectionsBeyondTheLimitAreClosedAndServedAgainOnceFree() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        bank.register(new ChannelService() {
            @Override
            public String kind() {
                return "test.hold";
            }

            @Override
            public void serve(FramedChannel channel, String peer) throws Exception {
                hold.await(10, TimeUnit.SECONDS);
            }
        });
        TlsMemberChannels payco = channelsOf("payco", pki.tls("payco"));
        List<FramedChannel> held = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(payco.open("bank", "test.hold"));
        }
        assertThatThrownBy(() -> payco.open("bank", "test.echo")).isInstanceOf(MemberUnreachableException.class);
        assertThat(log).anyMatch(l -> l.contains("4 connections already open"));
        hold.countDown();
        held.forEach(FramedChannel::close);
        org.awaitility.Awaitility.await().atMost(5, TimeUnit.SECONDS).ignoreExceptions()
                .until(() -> echo("payco").equals("payco:HELLO"));
    }

    @Test
    void openingAChannelToAMemberThatIsDownFailsWithinTheTimeoutNamingIt() throws Exception {
        int free;
        try (ServerSocket s = new ServerSocket(0)) {
            free = s.getLocalPort();
        }
        TlsMemberChannels payco = new TlsMemberChannels("payco", pki.tls("payco"),
                List.of(new MemberAddress("telco", "127.0.0.1", free, Pki.subject("telco"))), Duration.ofSeconds(2));
        long start = System.nanoTime();
        assertThatThrownBy(() -> payco.open("telco", "test.echo"))
                .isInstanceOf(MemberUnreachableException.class)
                .hasMessageStartingWith("telco: cannot reach 127.0.0.1:" + free)
                .satisfies(e -> assertThat(((MemberUnreachableException) e).member()).isEqualTo("telco"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aMemberThatAcceptsTcpButNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            TlsMemberChannels payco = new TlsMemberChannels("payco", pki.tls("payco"),
                    List.of(new MemberAddress("telco", "127.0.0.1", silent.getLocalPort(), Pki.subject("telco"))), Duration.ofSeconds(1));
            long start = System.nanoTime();
            assertThatThrownBy(() -> payco.open("telco", "test.echo"))
                    .isInstanceOf(MemberUnreachableException.class)
                    .hasMessageStartingWith("telco: ");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
