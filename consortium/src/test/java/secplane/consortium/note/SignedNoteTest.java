package secplane.consortium.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedNoteTest {

    // Published vector: golang.org/x/mod/sumdb/note (package documentation and note_test.go).
    private static final String GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String GO_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    private static final String GO_TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String GO_NOTE = GO_TEXT + "\n"
            + "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    @Test
    void reproducesThePublishedGoSignedNoteByteForByte() {
        NoteSigner signer = NoteSigner.decode(GO_SKEY);
        assertThat(signer.verifierKey().encode()).isEqualTo(GO_VKEY);
        assertThat(signer.encode()).isEqualTo(GO_SKEY);
        // Ed25519 is deterministic (RFC 8032 §5.1.6), so the same key and text give the same note
        assertThat(signer.sign(GO_TEXT).format()).isEqualTo(GO_NOTE);
        SignedNote parsed = SignedNote.parse(GO_NOTE);
        assertThat(parsed.text()).isEqualTo(GO_TEXT);
        assertThat(NoteVerifier.isSignedBy(parsed, VerifierKey.decode(GO_VKEY))).isTrue();
    }

    @Test
    void publishedVerifierKeysDecodeIncludingCosignerKeysAndBase64WithPlus() {
        // transparency-dev/formats note/note_cosigv1_test.go: a native 0x04 key and a key whose base64 holds '+'
        VerifierKey cosigner = VerifierKey.decode("remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2");
        assertThat(cosigner.type()).isEqualTo(KeyType.COSIGNATURE_V1);
        assertThat(cosigner.name()).isEqualTo("remora.n621.de");
        assertThat(VerifierKey.decode("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6").type()).isEqualTo(KeyType.ED25519);
        assertThatThrownBy(() -> VerifierKey.decode("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("key ID does not match");
        assertThatThrownBy(() -> VerifierKey.decode("bananas.example+12344556")).hasMessageContaining("not a verifier key");
    }

    @Test
    void anyChangeToTheTextBreaksTheSignature() {
        NoteSigner signer = NoteSigner.generate("log.bank-a.example", KeyType.ED25519);
        SignedNote note = signer.sign("log.bank-a.example\n12\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        assertThat(NoteVerifier.isSignedBy(SignedNote.parse(note.format()), signer.verifierKey())).isTrue();
        SignedNote altered = SignedNote.parse(note.format().replace("\n12\n", "\n13\n"));
        assertThat(NoteVerifier.isSignedBy(altered, signer.verifierKey())).isFalse();
        NoteSigner other = NoteSigner.generate("log.bank-a.example", KeyType.ED25519);
        assertThat(NoteVerifier.isSignedBy(note, other.verifierKey())).isFalse();
    }

    @Test
    void checkpointBodiesRoundTripAndRejectNonCanonicalSizes() {
        byte[] root = new byte[32];
        root[0] = 7;
        Checkpoint cp = new Checkpoint("log.bank-a.example", 20852163, root, List.of("extension line"));
        String body = cp.body();
        assertThat(body).isEqualTo("log.bank-a.example\n20852163\n" + Base64.getEncoder().encodeToString(root) + "\nextension line\n");
        assertThat(Checkpoint.parse(body)).isEqualTo(cp);
        assertThatThrownBy(() -> Checkpoint.parse("o\n012\n" + Base64.getEncoder().encodeToString(root) + "\n"))
                .hasMessageContaining("without leading zeroes");
        assertThatThrownBy(() -> Checkpoint.parse("o\n12\n")).hasMessageContaining("three lines");
        assertThatThrownBy(() -> Checkpoint.parse("o\n12\nAAAA\n")).hasMessageContaining("32 bytes");
    }

    @Test
    void malformedNotesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> SignedNote.parse("text\n")).hasMessageContaining("no blank line");
        assertThatThrownBy(() -> SignedNote.parse("text\n\n- k AAAAAAAA\n")).hasMessageContaining("em dash");
        assertThatThrownBy(() -> SignedNote.parse("text\n\n\u2014 k !!!\n")).hasMessageContaining("base64");
    }
}
