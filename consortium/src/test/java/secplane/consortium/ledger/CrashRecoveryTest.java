package secplane.consortium.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.note.Checkpoint;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteSigner;

/**
 * Kills a real writer process with SIGKILL in the middle of appending and checks that the reopened log still holds
 * every entry its last signed checkpoint covers. (SIGKILL loses the process's buffers but not the OS page cache; the
 * power-loss half of the guarantee rests on the fsync ordering documented in {@code MerkleLog}.)
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aKilledWriterLosesNothingASignedCheckpointCovers() throws Exception {
        NoteSigner operator = NoteSigner.generate("ledger.bank-a.example", KeyType.ED25519);
        for (int round = 0; round < 3; round++) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), dir.toString(), operator.encode())
                    .redirectErrorStream(true).start();
            long lastAnnounced = -1;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                int seen = 0;
                String line;
                while (seen < 5 + round && (line = out.readLine()) != null) {
                    assertThat(line).as("writer output").startsWith("CHECKPOINT ");
                    lastAnnounced = Long.parseLong(line.substring("CHECKPOINT ".length()));
                    seen++;
                }
                p.destroyForcibly();
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(lastAnnounced).isPositive();

            try (Ledger reopened = Ledger.open(dir, operator, FsyncPolicy.ON_SYNC)) {
                Checkpoint last = Checkpoint.parse(reopened.checkpointAt(lastAnnounced).orElseThrow().text());
                assertThat(reopened.log().size()).isGreaterThanOrEqualTo(lastAnnounced);
                assertThat(reopened.log().root(last.size())).isEqualTo(last.rootHash());
            }
            VerificationReport report = LedgerVerifier.verify(dir, Optional.of(operator.verifierKey()), List.of());
            assertThat(report.tampered()).as("%s", report.findings()).isFalse();
        }
    }
}
