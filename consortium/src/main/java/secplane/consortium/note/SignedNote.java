package secplane.consortium.note;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A C2SP signed note (c2sp.org/signed-note): UTF-8 text ending in a newline, a blank line, then one or more
 * signature lines. The signed message is the text alone, with its final newline.
 */
public record SignedNote(String text, List<NoteSignature> signatures) {

    /** U+2014 EM DASH, the first character of every signature line. */
    static final String DASH = "\u2014";

    public SignedNote {
        if (text.isEmpty() || !text.endsWith("\n")) {
            throw new NoteFormatException("a note's text must end with a newline");
        }
        signatures = List.copyOf(signatures);
    }

    public byte[] message() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public SignedNote withSignature(NoteSignature signature) {
        List<NoteSignature> all = new ArrayList<>(signatures);
        all.add(signature);
        return new SignedNote(text, all);
    }

    public String format() {
        StringBuilder sb = new StringBuilder(text).append('\n');
        for (NoteSignature s : signatures) {
            sb.append(s.line());
        }
        return sb.toString();
    }

    /** Parses a note; its signatures are not verified here (see {@link NoteVerifier}). */
    public static SignedNote parse(String note) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new NoteFormatException("not a signed note: no blank line separates the text from the signatures");
        }
        String text = note.substring(0, split + 1);
        String sigs = note.substring(split + 2);
        if (!sigs.endsWith("\n")) {
            throw new NoteFormatException("not a signed note: the last signature line must end with a newline");
        }
        List<NoteSignature> signatures = new ArrayList<>();
        for (String line : sigs.substring(0, sigs.length() - 1).split("\n", -1)) {
            if (!line.startsWith(DASH + " ")) {
                throw new NoteFormatException("not a signature line (it must start with an em dash and a space): " + line);
            }
            String rest = line.substring(2);
            int space = rest.lastIndexOf(' ');
            if (space <= 0) {
                throw new NoteFormatException("a signature line needs a key name and a base64 signature: " + line);
            }
            String name = rest.substring(0, space);
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(rest.substring(space + 1));
            } catch (IllegalArgumentException e) {
                throw new NoteFormatException("the signature of " + name + " is not valid base64");
            }
            if (blob.length < 5) {
                throw new NoteFormatException("the signature of " + name + " is too short to hold a key ID and a signature");
            }
            int keyId = ((blob[0] & 0xff) << 24) | ((blob[1] & 0xff) << 16) | ((blob[2] & 0xff) << 8) | (blob[3] & 0xff);
            byte[] payload = new byte[blob.length - 4];
            System.arraycopy(blob, 4, payload, 0, payload.length);
            signatures.add(new NoteSignature(name, keyId, payload));
        }
        if (signatures.isEmpty()) {
            throw new NoteFormatException("a signed note needs at least one signature line");
        }
        return new SignedNote(text, signatures);
    }
}
