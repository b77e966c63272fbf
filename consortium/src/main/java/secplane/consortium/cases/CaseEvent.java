package secplane.consortium.cases;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A case event as read back from the ledger: the clear header (type, keyed case reference, when, by whom, keyed
 * account hashes, the parties entitled to the details) and the details sealed to each party.
 *
 * <p>Entry format (UTF-8 text, one field per line, like a C2SP signed note's body):
 * <pre>
 * secplane case event v1
 * type trace-step
 * case &lt;base64url HMAC-SHA256(K, "case:" || id)&gt;
 * at 2026-03-02T08:40:00Z
 * by bank
 * accounts &lt;base64url HMAC-SHA256(K, "account:" || id)&gt; ...
 * parties bank payco
 * details bank &lt;base64 sealed&gt;
 * details payco &lt;base64 sealed&gt;
 * </pre>
 * Everything up to and including the {@code parties} line is the header, bound to every sealed part as AEAD associated
 * data.
 */
public record CaseEvent(String type, String caseRef, String at, String by, List<String> accountHashes, List<String> parties, byte[] header,
        Map<String, byte[]> sealed) {
    static final String MAGIC = "secplane case event v1";

    /** Parses an entry; anything not in the format above is an error naming the line. */
    public static CaseEvent parse(byte[] entry) {
        String text = new String(entry, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        if (lines.length < 8 || !lines[0].equals(MAGIC)) {
            throw new IllegalArgumentException("not a case event: it must start with '" + MAGIC + "'");
        }
        String type = field(lines, 1, "type");
        String caseRef = field(lines, 2, "case");
        String at = field(lines, 3, "at");
        String by = field(lines, 4, "by");
        List<String> accounts = words(field(lines, 5, "accounts"));
        List<String> parties = words(field(lines, 6, "parties"));
        int headerEnd = 0;
        for (int i = 0; i <= 6; i++) {
            headerEnd += lines[i].length() + 1;
        }
        byte[] header = text.substring(0, headerEnd).getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> sealed = new LinkedHashMap<>();
        for (int i = 7; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                break;
            }
            String[] f = field(lines, i, "details").split(" ");
            if (f.length != 2 || !parties.contains(f[0])) {
                throw new IllegalArgumentException("case event line " + (i + 1) + ": 'details MEMBER SEALED' for one of the parties expected");
            }
            try {
                sealed.put(f[0], Base64.getDecoder().decode(f[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("case event line " + (i + 1) + ": the sealed details are not base64");
            }
        }
        return new CaseEvent(type, caseRef, at, by, accounts, parties, header, sealed);
    }

    private static String field(String[] lines, int i, String name) {
        if (i >= lines.length || !lines[i].startsWith(name + " ")) {
            throw new IllegalArgumentException("case event line " + (i + 1) + ": '" + name + " ...' expected");
        }
        return lines[i].substring(name.length() + 1);
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.split(" ")) {
            if (!w.isEmpty() && !w.equals("-")) {
                out.add(w);
            }
        }
        return out;
    }

    /** The details sealed to {@code member}, opened with its key. */
    public String open(String member, SealingKey key) {
        byte[] s = sealed.get(member);
        if (s == null) {
            throw new IllegalArgumentException(member + " is not among the parties entitled to this event's details (" + String.join(", ", parties) + ")");
        }
        return new String(Sealed.open(key, s, header), StandardCharsets.UTF_8);
    }
}
