package secplane.consortium.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import secplane.consortium.node.TestConsortium;
import secplane.consortium.note.NoteSigner;

/** A member's signing key as the keys generator wrote it. */
final class MemberNodeKeys {
    private MemberNodeKeys() {
    }

    static NoteSigner signer(TestConsortium c, String member) {
        try {
            return NoteSigner.decode(Files.readString(c.config(member).resolveSibling(member + ".skey"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
