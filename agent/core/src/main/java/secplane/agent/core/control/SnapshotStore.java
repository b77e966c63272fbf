package secplane.agent.core.control;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Set;
import secplane.agent.core.Files2;

/**
 * The last good snapshot on disk (docs/protocol.md: "written to {@code <data>/snapshot.json}
 * atomically and applied at the next start before the first poll"): the signed document exactly
 * as received, and the bundles it names under {@code bundles/<sha256>.jar}. Nothing read back
 * is trusted: the caller verifies the signature again and every bundle against its SHA-256.
 */
final class SnapshotStore {
    private final File file;
    private final File bundles;

    SnapshotStore(File dataDir) {
        this.file = new File(dataDir, "snapshot.json");
        this.bundles = new File(dataDir, "bundles");
    }

    File file() {
        return file;
    }

    /** @return the stored document, or null if there is none */
    String load() throws IOException {
        return file.isFile() ? new String(Files2.readAll(file), StandardCharsets.UTF_8) : null;
    }

    /** @return the cached bundle, or null if it is missing or its bytes no longer match */
    byte[] bundle(String sha256) {
        File f = new File(bundles, sha256 + ".jar");
        if (!f.isFile()) {
            return null;
        }
        try {
            byte[] bytes = Files2.readAll(f);
            return sha256(bytes).equals(sha256) ? bytes : null;
        } catch (IOException e) {
            return null;
        }
    }

    void cache(String sha256, byte[] jar) throws IOException {
        if (!bundles.isDirectory() && !bundles.mkdirs()) {
            throw new IOException("cannot create " + bundles);
        }
        Files2.replace(new File(bundles, sha256 + ".jar"), jar);
    }

    /** Replaces the stored snapshot and drops cached bundles it does not name. */
    void save(String text, Set<String> keep) throws IOException {
        Files2.replace(file, text.getBytes(StandardCharsets.UTF_8));
        File[] cached = bundles.listFiles();
        if (cached != null) {
            for (File f : cached) {
                String name = f.getName();
                if (name.endsWith(".jar") && !keep.contains(name.substring(0, name.length() - 4))) {
                    f.delete();
                }
            }
        }
    }

    static String sha256(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            StringBuilder sb = new StringBuilder(64);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
