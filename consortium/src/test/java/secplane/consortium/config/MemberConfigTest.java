package secplane.consortium.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.note.KeyType;

class MemberConfigTest {
    @TempDir
    Path dir;

    @Test
    void theKeysCommandWritesAConfigPerMemberThatLoadsWithItsKeysAndPeers() {
        ConsortiumKeys.Written w = ConsortiumKeys.write(dir, List.of("bank", "payco", "telco"), 7400);
        MemberConfig payco = MemberConfig.load(w.configs().get(1));
        assertThat(payco.name()).isEqualTo("payco");
        assertThat(payco.listenHost()).isEqualTo("127.0.0.1");
        assertThat(payco.listenPort()).isEqualTo(7401);
        assertThat(payco.members()).extracting(MemberConfig.Peer::name).containsExactly("bank", "telco");
        assertThat(payco.peer("telco").orElseThrow().address().port()).isEqualTo(7402);
        assertThat(payco.ledger().operator()).isEqualTo("bank");
        assertThat(payco.operatesLedger()).isFalse();
        assertThat(payco.ledger().checkpointInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(payco.ledger().directory()).isEqualTo(dir.resolve("payco/ledger").toAbsolutePath());
        assertThat(payco.store().url()).isEqualTo("jdbc:h2:file:" + dir.resolve("payco/store/payco").toAbsolutePath());
        assertThat(payco.data()).containsKey("jdbc");

        MemberIdentity id = MemberIdentity.load(payco);
        assertThat(id.signer().verifierKey().type()).isEqualTo(KeyType.ED25519);
        assertThat(id.witness().verifierKey().type()).isEqualTo(KeyType.COSIGNATURE_V1);
        // what bank's config says about payco is payco's own public keys
        MemberIdentity bank = MemberIdentity.load(MemberConfig.load(w.configs().get(0)));
        assertThat(bank.verifierKeys().get("payco").encode()).isEqualTo(id.signer().verifierKey().encode());
        assertThat(bank.witnessKeys().get("payco").encode()).isEqualTo(id.witness().verifierKey().encode());
        assertThat(MemberConfig.load(w.configs().get(0)).peer("payco").orElseThrow().address().subject())
                .isEqualTo(new javax.security.auth.x500.X500Principal("O=secplane PSI test,CN=payco"));
    }

    private Path edited(String from, String to) throws Exception {
        ConsortiumKeys.Written w = ConsortiumKeys.write(dir, List.of("bank", "payco"), 7400);
        Path f = w.configs().get(0);
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(f, text.replace(from, to), StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheFileAndTheKeyPath() throws Exception {
        Path f = edited("  checkpointInterval: 1s", "  checkpointIntervall: 1s");
        assertThatThrownBy(() -> MemberConfig.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("ledger.checkpointIntervall: unknown key")
                .hasMessageContaining("checkpointInterval");
        Path g = edited("member: bank", "member: bank\ncolour: blue");
        assertThatThrownBy(() -> MemberConfig.load(g)).hasMessageContaining("colour: unknown key");
    }

    @Test
    void aMissingKeyFileOrRequiredKeyIsNamed() throws Exception {
        Path f = edited("signingKey: bank.skey", "signingKey: nowhere.skey");
        assertThatThrownBy(() -> MemberConfig.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("identity.signingKey")
                .hasMessageContaining("nowhere.skey: no such file");
        Path g = edited("  operator: bank\n", "");
        assertThatThrownBy(() -> MemberConfig.load(g)).hasMessageContaining("ledger.operator: missing");
        assertThatThrownBy(() -> MemberConfig.load(dir.resolve("absent.yaml"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("absent.yaml: no such file");
    }

    @Test
    void badValuesSayWhatIsExpected() throws Exception {
        Path f = edited("checkpointInterval: 1s", "checkpointInterval: soon");
        assertThatThrownBy(() -> MemberConfig.load(f)).hasMessageContaining("ledger.checkpointInterval: must be a duration");
        Path g = edited("listen: 127.0.0.1:7400", "listen: 7400");
        assertThatThrownBy(() -> MemberConfig.load(g)).hasMessageContaining("listen: must be HOST:PORT");
        Path h = edited("operator: bank", "operator: acme");
        assertThatThrownBy(() -> MemberConfig.load(h)).hasMessageContaining("'acme' is neither this member nor one listed");
    }

    @Test
    void storeAndLimitsSectionsAreReadAndCheckedLikeTheRest() throws Exception {
        Path f = edited("store:\n  url: \"jdbc:h2:file:./store/bank\"\n", "store:\n  url: \"jdbc:postgresql://127.0.0.1:5432/secplane\"\n"
                + "  user: secplane\n  password: s3cret\nlimits:\n  maxConnections: 8\n  requestTimeout: 2m\n  connectTimeout: 750ms\n");
        MemberConfig c = MemberConfig.load(f);
        assertThat(c.store()).isEqualTo(new MemberConfig.StoreSettings("jdbc:postgresql://127.0.0.1:5432/secplane", "secplane", "s3cret"));
        assertThat(c.limits().listener().maxConnections()).isEqualTo(8);
        assertThat(c.limits().listener().requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.limits().listener().readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.limits().connectTimeout()).isEqualTo(Duration.ofMillis(750));
        Path g = edited("store:\n", "limits:\n  maxConnections: 0\nstore:\n");
        assertThatThrownBy(() -> MemberConfig.load(g)).hasMessageContaining("limits.maxConnections: must be between 1 and 10000, got 0");
    }

    @Test
    void aKeyOfTheWrongTypeIsRefused() throws Exception {
        Path f = edited("witnessKey: bank.witness.skey", "witnessKey: bank.skey");
        MemberConfig c = MemberConfig.load(f);
        assertThatThrownBy(() -> MemberIdentity.load(c)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("identity.witnessKey")
                .hasMessageContaining("expected COSIGNATURE_V1");
    }
}
