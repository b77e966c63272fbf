package secplane.governance.watermark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * The exporter's records: a secret marking key ({@code watermark.key}, 32 random bytes, owner-only) and one JSON line
 * per marked export ({@code exports.jsonl}, appended and synced before the marked file is handed out, so every file in
 * circulation can be traced). Whoever holds the key can both mark and trace; it never leaves the registry directory.
 */
public final class ExportRegistry {
    public static final String KEY_FILE = "watermark.key";
    public static final String EXPORTS_FILE = "exports.jsonl";

    private final Path dir;
    private final byte[] key;

    private ExportRegistry(Path dir, byte[] key) {
        this.dir = dir;
        this.key = key;
    }

    /** Opens the registry in {@code dir}, creating the directory and a fresh key when {@code create} and absent. */
    public static ExportRegistry open(Path dir, boolean create) {
        Path keyFile = dir.resolve(KEY_FILE);
        try {
            if (!Files.exists(keyFile)) {
                if (!create) {
                    throw new WatermarkException(dir + ": no " + KEY_FILE + " here; give the registry the exports were marked with (--registry)");
                }
                Files.createDirectories(dir);
                byte[] k = new byte[32];
                new SecureRandom().nextBytes(k);
                writeOwnerOnly(keyFile, Base64.getEncoder().encodeToString(k) + "\n");
            }
            byte[] k;
            try {
                k = Base64.getDecoder().decode(Files.readString(keyFile).strip());
            } catch (IllegalArgumentException e) {
                throw new WatermarkException(keyFile + ": not a base64 key; restore it from backup (marks made with another key cannot be traced)");
            }
            if (k.length != 32) {
                throw new WatermarkException(keyFile + ": the key must be 32 bytes, found " + k.length);
            }
            return new ExportRegistry(dir, k);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the export registry " + dir, e);
        }
    }

    private static void writeOwnerOnly(Path file, String text) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new WatermarkException(file + " appeared while creating it; run again");
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    MarkKey key() {
        return new MarkKey(key);
    }

    public Path dir() {
        return dir;
    }

    /** Appends the record and syncs it to disk. */
    public synchronized void add(ExportRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("recipient", r.recipient());
        m.put("exportedAt", r.exportedAt().toString());
        m.put("rows", (long) r.rows());
        m.put("columns", r.columns());
        m.put("identity", r.identity());
        Map<String, Object> numeric = new LinkedHashMap<>();
        r.numeric().forEach((k, v) -> numeric.put(k, (long) v));
        m.put("numeric", numeric);
        m.put("text", r.text());
        byte[] line = (Json.write(m) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(dir.resolve(EXPORTS_FILE), StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the export in " + dir, e);
        }
    }

    /** Every recorded export; a damaged line is an error naming it (the registry is evidence, it is not guessed at). */
    public List<ExportRecord> exports() {
        Path f = dir.resolve(EXPORTS_FILE);
        List<ExportRecord> out = new ArrayList<>();
        if (!Files.exists(f)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(record((Map<?, ?>) Json.parse(lines.get(i))));
            } catch (JsonException | ClassCastException | NullPointerException e) {
                throw new WatermarkException(f + ": line " + (i + 1) + " is damaged (" + e.getMessage() + "); restore the registry from backup");
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static ExportRecord record(Map<?, ?> m) {
        Map<String, Integer> numeric = new LinkedHashMap<>();
        ((Map<String, Object>) m.get("numeric")).forEach((k, v) -> numeric.put(k, ((Number) v).intValue()));
        return new ExportRecord((String) m.get("id"), (String) m.get("recipient"), Instant.parse((String) m.get("exportedAt")),
                ((Number) m.get("rows")).intValue(), (List<String>) m.get("columns"), (List<String>) m.get("identity"), numeric,
                (List<String>) m.get("text"));
    }
}
