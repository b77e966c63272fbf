package secplane.agent.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.agent.core.config.AgentOptions;
import secplane.protocol.Signatures;

class ControlPlaneConfigTest {
    @TempDir
    Path dir;

    private final String key = publicKey();

    private static String publicKey() {
        try {
            return Signatures.rawPublic(Signatures.generate().getPublic());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ControlPlaneConfig config(String args, Map<String, String> env) throws Exception {
        return ControlPlaneConfig.from(AgentOptions.resolve(args, env), env, dir.toFile(), "node-3", "4242");
    }

    @Test
    void serverWithoutKeyRefusesTheControlPlaneModeSayingWhatToSet() {
        assertThatThrownBy(() -> config("server=http://127.0.0.1:8080,enrol.token=t", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("server.key is not")
                .hasMessageContaining("Ed25519 public key");
    }

    @Test
    void serverWithoutEnrolmentTokenIsRefused() {
        assertThatThrownBy(() -> config("server=http://127.0.0.1:8080,server.key=" + key, Map.of()))
                .hasMessageContaining("enrol.token or SECPLANE_ENROL_TOKEN");
    }

    @Test
    void keyMayBeGivenInlineOrAsAFileAndTheTokenByEnvironment() throws Exception {
        Path file = dir.resolve("server.pub");
        Files.writeString(file, key + "\n");

        ControlPlaneConfig inline = config("server=http://127.0.0.1:8080/,server.key=" + key, Map.of("SECPLANE_ENROL_TOKEN", "t"));
        ControlPlaneConfig fromFile = config("server=http://127.0.0.1:8080,server.key=" + file, Map.of("SECPLANE_ENROL_TOKEN", "t"));

        assertThat(inline.keyId).isEqualTo(fromFile.keyId);
        assertThat(inline.server()).isEqualTo("http://127.0.0.1:8080");
        assertThat(inline.enrolToken).isEqualTo("t");
        assertThat(inline.instance()).isEqualTo("node-3-4242");
    }

    @Test
    void malformedKeyIsRefusedWithWhatIsExpected() {
        assertThatThrownBy(() -> config("server=http://h:1,enrol.token=t,server.key=AAAA", Map.of()))
                .hasMessageContaining("server.key=AAAA is neither an existing file nor an Ed25519 public key")
                .hasMessageContaining("32 bytes");
    }

    @Test
    void serverMustBeAnHttpUrl() {
        assertThatThrownBy(() -> config("server=cp.internal:8080,enrol.token=t,server.key=" + key, Map.of()))
                .hasMessageContaining("not an http:// or https:// URL");
    }

    @Test
    void severalReplicasAreSeparatedBySemicolonsInOrderAndEachMustBeAnHttpUrl() throws Exception {
        ControlPlaneConfig c = config("server=http://a:1/; https://b:2 ;;http://a:1,enrol.token=t,server.key=" + key, Map.of());

        assertThat(c.servers).containsExactly("http://a:1", "https://b:2");
        assertThat(c.server()).isEqualTo("http://a:1;https://b:2");
        assertThatThrownBy(() -> config("server=http://a:1;b:2,enrol.token=t,server.key=" + key, Map.of()))
                .hasMessageContaining("'b:2' is not an http:// or https:// URL");
        assertThatThrownBy(() -> config("server=;,enrol.token=t,server.key=" + key, Map.of())).hasMessageContaining("names no URL");
    }

    @Test
    void labelsAndInstanceAreRead() throws Exception {
        ControlPlaneConfig c = config("server=http://h:1,enrol.token=t,instance=orders-1,labels=zone=a; tier=web;,server.key=" + key,
                Map.of());

        assertThat(c.instance()).isEqualTo("orders-1");
        assertThat(c.labels).containsExactly(Map.entry("zone", "a"), Map.entry("tier", "web"));
        assertThatThrownBy(() -> ControlPlaneConfig.labels("zone")).hasMessageContaining("'zone' is not key=value");
    }

    @Test
    void enrolmentTokenIsASecretOption() {
        assertThat(AgentOptions.secret("enrol.token")).isTrue();
        assertThat(AgentOptions.secret("server")).isFalse();
    }
}
