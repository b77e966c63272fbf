package secplane.consortium.ledger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import secplane.consortium.log.FsyncPolicy;
import secplane.consortium.note.NoteSigner;

/** A child process for {@link CrashRecoveryTest}: appends and checkpoints until it is killed. */
public final class CrashingWriter {

    private CrashingWriter() {
    }

    public static void main(String[] args) {
        NoteSigner operator = NoteSigner.decode(args[1]);
        Ledger ledger = Ledger.open(Path.of(args[0]), operator, FsyncPolicy.ON_SYNC);
        long i = ledger.log().size();
        while (true) {
            for (int k = 0; k < 500; k++) {
                ledger.append(("{\"event\":" + i++ + ",\"payload\":\"" + "x".repeat(100) + "\"}").getBytes(StandardCharsets.UTF_8));
            }
            System.out.println("CHECKPOINT " + ledger.checkpoint().text().split("\n")[1]);
            System.out.flush();
        }
    }
}
