package secplane.consortium.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The body of a C2SP tlog-checkpoint: origin line, decimal tree size, base64 root hash, then optional extension lines.
 * A checkpoint commits to one tree; its authenticity comes from the signed note that carries it.
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

    public Checkpoint {
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new NoteFormatException("a checkpoint origin is one non-empty line");
        }
        if (size < 0) {
            throw new NoteFormatException("a checkpoint tree size cannot be negative: " + size);
        }
        if (rootHash.length != 32) {
            throw new NoteFormatException("a checkpoint root hash is 32 bytes (SHA-256), got " + rootHash.length);
        }
        rootHash = rootHash.clone();
        extensions = List.copyOf(extensions);
        for (String e : extensions) {
            if (e.isEmpty() || e.contains("\n")) {
                throw new NoteFormatException("a checkpoint extension is one non-empty line");
            }
        }
    }

    public Checkpoint(String origin, long size, byte[] rootHash) {
        this(origin, size, rootHash, List.of());
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String body() {
        StringBuilder sb = new StringBuilder()
                .append(origin).append('\n')
                .append(size).append('\n')
                .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
        extensions.forEach(e -> sb.append(e).append('\n'));
        return sb.toString();
    }

    public static Checkpoint parse(String body) {
        if (!body.endsWith("\n")) {
            throw new NoteFormatException("a checkpoint body must end with a newline");
        }
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new NoteFormatException("a checkpoint needs three lines (origin, tree size, root hash), got " + lines.length);
        }
        // tlog-checkpoint: the size is an ASCII decimal with no leading zeroes
        if (!lines[1].matches("0|[1-9][0-9]{0,18}")) {
            throw new NoteFormatException("checkpoint tree size is not a decimal without leading zeroes: '" + lines[1] + "'");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new NoteFormatException("checkpoint root hash is not valid base64: '" + lines[2] + "'");
        }
        return new Checkpoint(lines[0], Long.parseLong(lines[1]), root, Arrays.asList(lines).subList(3, lines.length));
    }

    /** Same origin, size and root (extension lines carry no statement about the tree). */
    public boolean sameTree(Checkpoint other) {
        return origin.equals(other.origin) && size == other.size && Arrays.equals(rootHash, other.rootHash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && sameTree(c) && c.extensions.equals(extensions);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size) + Arrays.hashCode(rootHash);
    }

    @Override
    public String toString() {
        return origin + " @" + size + " " + Base64.getEncoder().encodeToString(rootHash);
    }
}
