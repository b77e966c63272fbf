package secplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import secplane.consortium.ledger.Ledger;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.log.LogFiles;
import secplane.consortium.note.KeyType;
import secplane.consortium.note.NoteSigner;

class LedgerCommandTest {
    @Test
    void verifyExitsZeroOnAnIntactLedgerAndThreeOnAnEditedEntry(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("ledger");
        NoteSigner operator = NoteSigner.generate("ledger.bank-a.example", KeyType.ED25519);
        try (Ledger ledger = Ledger.open(dir, operator, FsyncPolicy.ON_SYNC)) {
            for (int i = 0; i < 100; i++) {
                ledger.append(String.format("event-%04d", i).getBytes(StandardCharsets.UTF_8));
            }
            ledger.checkpoint();
        }
        Path vkey = tmp.resolve("operator.vkey");
        Files.writeString(vkey, operator.verifierKey().encode());

        assertThat(Cli.run("ledger", "verify", dir.toString(), "--key", vkey.toString()))
                .startsWith("0\n").contains("entries  100").contains("operator key: given").contains("OK:");

        Path entries = dir.resolve(LogFiles.ENTRIES);
        Files.writeString(entries, Files.readString(entries, StandardCharsets.ISO_8859_1).replace("event-0042", "event-9042"), StandardCharsets.ISO_8859_1);
        Path json = tmp.resolve("report.json");
        assertThat(Cli.run("ledger", "verify", dir.toString(), "--key", operator.verifierKey().encode(), "--json", json.toString()))
                .startsWith("3\n").contains("EDITED_ENTRY").contains("#42").contains("TAMPERED: entry #42 was edited");
        assertThat(Files.readString(json)).contains("\"tampered\":true").contains("\"kind\":\"EDITED_ENTRY\"").contains("\"firstBadEntry\":42");
    }

    @Test
    void badUsageSaysWhatToDo(@TempDir Path tmp) {
        assertThat(Cli.run("ledger", "verify", tmp.resolve("missing").toString())).startsWith("2\n").contains("is not a directory");
        assertThat(Cli.run("ledger", "verify", tmp.toString())).startsWith("2\n").contains("is not a ledger directory");
        assertThat(Cli.run("ledger", "verify", tmp.toString(), "--key", "x+1+AAAA")).startsWith("2\n").contains("bad key");
    }
}
