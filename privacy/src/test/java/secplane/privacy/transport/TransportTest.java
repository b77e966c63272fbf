package secplane.privacy.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.privacy.Loopback;
import secplane.privacy.psi.EcdhPsi;
import secplane.privacy.psi.Output;
import secplane.privacy.psi.ProgressListener;
import secplane.privacy.psi.PsiConfig;

class TransportTest {
    @TempDir
    static Path dir;
    static Loopback loop;

    @BeforeAll
    static void pki() {
        loop = new Loopback(dir.resolve("pki"));
    }

    @Test
    void aPeerWithACertificateFromAnotherCaIsRejectedOnBothSides() {
        TestPki.PartyFiles stranger = TestPki.createUntrusted(dir.resolve("other"), "mallory");
        SSLContext strangerTls = TlsFiles.fromPem(stranger.certificate(), stranger.key(), loop.pki.ca());
        try (Endpoints.Listener l = Endpoints.listen("127.0.0.1", 0, loop.serverTls, Duration.ofSeconds(5))) {
            Thread t = new Thread(() -> {
                try {
                    Endpoints.connect("127.0.0.1", l.port(), strangerTls, Duration.ofSeconds(5)).close();
                } catch (PeerException expected) {
                    // the server refuses the stranger's certificate
                }
            });
            t.start();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> l.accept(Duration.ofSeconds(10)))
                    .isInstanceOf(PeerException.class).hasMessageContaining("TLS handshake");
        }
        // and a joiner that does not trust the server's CA refuses the server
        SSLContext distrustful = TlsFiles.fromPem(loop.pki.parties().get(1).certificate(), loop.pki.parties().get(1).key(),
                dir.resolve("other").resolve("ca.pem"));
        try (Endpoints.Listener l = Endpoints.listen("127.0.0.1", 0, loop.serverTls, Duration.ofSeconds(5))) {
            Thread t = new Thread(() -> {
                try {
                    l.accept(Duration.ofSeconds(10)).close();
                } catch (PeerException expected) {
                    // the client aborts the handshake
                }
            });
            t.start();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Endpoints.connect("127.0.0.1", l.port(), distrustful, Duration.ofSeconds(5)))
                    .isInstanceOf(PeerException.class).hasMessageContaining("TLS handshake").hasMessageContaining("--ca");
        }
    }

    @Test
    void theSamePartiesWithTrustedCertificatesConnectAndSeeEachOthersNames() {
        var o = loop.run(c -> c.peerSubject(), c -> c.peerSubject());
        assertThat(o.server()).contains("CN=party-b");
        assertThat(o.joiner()).contains("CN=party-a");
    }

    @Test
    void pkcs12FilesWorkLikePem() {
        TestPki.PartyFiles b = loop.pki.parties().get(1);
        SSLContext p12 = TlsFiles.fromPkcs12(b.pkcs12(), TestPki.PKCS12_PASSWORD.toCharArray(), loop.pki.ca());
        try (Endpoints.Listener l = Endpoints.listen("127.0.0.1", 0, loop.serverTls, Duration.ofSeconds(5))) {
            Thread t = new Thread(() -> l.accept(Duration.ofSeconds(10)).close());
            t.start();
            try (Connection c = Endpoints.connect("127.0.0.1", l.port(), p12, Duration.ofSeconds(5))) {
                assertThat(c.peerSubject()).contains("CN=party-a");
            }
        }
    }

    @Test
    void aDifferentProtocolVersionIsReportedOnBothSides() {
        Hello v2 = new Hello(new java.util.LinkedHashMap<>(Map.of("magic", Hello.MAGIC, "version", "2", "protocol", "ecdh-psi", "role", "joiner")));
        EcdhPsi psi = new EcdhPsi(Loopback.POOL, Loopback.WORKERS);
        var o = loop.run(c -> psi.run(c.channel(), Role.SERVER, new PsiConfig(Output.BOTH, false, "trim", 16), List.of("a"), ProgressListener.NONE),
                c -> Handshake.exchange(c.channel(), v2, Map.of()));
        assertThat(o.serverError()).isInstanceOf(PeerException.class).hasMessageContaining("version mismatch")
                .hasMessageContaining("secplane-psi/1").hasMessageContaining("secplane-psi/2");
        assertThat(o.joinerError()).isInstanceOf(PeerException.class).hasMessageContaining("version mismatch");
    }

    @Test
    void aSilentPeerTimesOutWithAClearMessage() {
        var o = loop.run(c -> c.channel().receive(), c -> {
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }, Duration.ofSeconds(1), 0);
        assertThat(o.serverError()).isInstanceOf(PeerException.class).hasMessageContaining("timed out");
    }

    @Test
    void framesAboveTheLimitAreRefused() {
        var o = loop.run(c -> c.channel().receive(), c -> {
            try {
                java.io.DataOutputStream d = new java.io.DataOutputStream(c.socket().getOutputStream());
                d.writeInt(FramedChannel.MAX_FRAME + 1);
                d.flush();
                Thread.sleep(500);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        assertThat(o.serverError()).isInstanceOf(PeerException.class).hasMessageContaining("limit");
    }
}
