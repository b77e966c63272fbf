package secplane.advisories;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * Imports OSV advisories from files, directories or text. A file holds one advisory object, a JSON
 * array of them, or JSON Lines (one object per line; files named {@code *.jsonl} or
 * {@code *.ndjson}, or any file whose first line is a complete object followed by more lines).
 *
 * <p>Every entry is checked on its own: a bad entry is rejected with the field at fault and its
 * neighbours, and other files, still import. A file that is not JSON at all, not UTF-8, or
 * unreadable is rejected whole with the line and column where reading stopped.
 */
public final class AdvisoryImporter {
    /** Larger files are rejected: the whole GHSA Maven set is far smaller than this per file. */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private AdvisoryImporter() {
    }

    /**
     * Imports files and, recursively, directories ({@code *.json}, {@code *.jsonl} and
     * {@code *.ndjson} in them, in name order). Never throws for bad input: every problem is in the
     * report.
     */
    public static ImportReport importPaths(Collection<Path> paths) {
        List<FileResult> results = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(Files::isRegularFile).filter(AdvisoryImporter::isAdvisoryFile).sorted().toList();
                } catch (IOException | RuntimeException e) {
                    results.add(FileResult.failed(path.toString(), 0, 0, "cannot list the directory: " + e.getMessage()));
                    continue;
                }
                for (Path f : files) {
                    results.add(importFile(f));
                }
            } else {
                results.add(importFile(path));
            }
        }
        return new ImportReport(results);
    }

    /** Imports one file; never throws for bad input. */
    public static FileResult importFile(Path file) {
        String name = file.toString();
        byte[] bytes;
        try {
            if (!Files.exists(file)) {
                return FileResult.failed(name, 0, 0, "no such file or directory");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                return FileResult.failed(name, 0, 0, "the file has " + size + " bytes; advisory files are limited to " + MAX_FILE_BYTES + " bytes, split it");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return FileResult.failed(name, 0, 0, "cannot read the file: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return FileResult.failed(name, 0, 0, "the file is not UTF-8 text, as OSV requires");
        }
        return parse(name, text, jsonLinesByName(name));
    }

    /**
     * Parses advisories from text, e.g. an uploaded document; {@code name} only labels problems. JSON
     * Lines is recognised when the first line is a complete object and more lines follow.
     */
    public static FileResult parse(String name, String text) {
        return parse(name, text, false);
    }

    private static FileResult parse(String name, String text, boolean jsonLines) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte order mark is not JSON (RFC 8259 §8.1) but harmless
        }
        if (text.isBlank()) {
            return FileResult.failed(name, 0, 0, "the file is empty; expected an OSV advisory object, an array of them, or JSON Lines");
        }
        if (jsonLines) {
            return jsonLines(name, text);
        }
        Json.Document doc;
        try {
            doc = Json.parseDocument(text);
        } catch (JsonException e) {
            if (firstLineIsObject(text)) {
                return jsonLines(name, text);
            }
            return FileResult.failed(name, e.line(), e.column(), "not valid JSON: " + stripPosition(e));
        }
        List<Advisory> accepted = new ArrayList<>();
        List<Problem> rejected = new ArrayList<>();
        if (doc.value() instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                entry(name, i, list.get(i), doc, "/" + i, 0, accepted, rejected);
            }
        } else if (doc.value() instanceof java.util.Map<?, ?>) {
            entry(name, 0, doc.value(), doc, "", 0, accepted, rejected);
        } else {
            return FileResult.failed(name, 1, 1, "expected an OSV advisory object, an array of them, or JSON Lines; got " + OsvParser.describe(doc.value()));
        }
        return new FileResult(name, accepted, rejected, null);
    }

    private static FileResult jsonLines(String name, String text) {
        List<Advisory> accepted = new ArrayList<>();
        List<Problem> rejected = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int entry = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            Json.Document doc;
            try {
                doc = Json.parseDocument(line);
            } catch (JsonException e) {
                rejected.add(new Problem(name, entry++, null, null, i + 1, e.column(), "not valid JSON: " + stripPosition(e)));
                continue;
            }
            entry(name, entry++, doc.value(), doc, "", i, accepted, rejected);
        }
        return new FileResult(name, accepted, rejected, null);
    }

    private static void entry(String name, int index, Object value, Json.Document doc, String base, int lineOffset,
            List<Advisory> accepted, List<Problem> rejected) {
        try {
            accepted.add(OsvParser.advisory(value));
        } catch (OsvParser.Invalid e) {
            int[] pos = doc.position(base + e.pointer);
            rejected.add(new Problem(name, index, OsvParser.peekId(value), e.pointer, pos[0] + lineOffset, pos[1], e.getMessage()));
        }
    }

    private static boolean firstLineIsObject(String text) {
        String[] lines = text.strip().split("\n", 2);
        if (lines.length < 2) {
            return false;
        }
        try {
            return Json.parse(lines[0].strip()) instanceof java.util.Map<?, ?>;
        } catch (JsonException e) {
            return false;
        }
    }

    private static String stripPosition(JsonException e) {
        String m = e.getMessage();
        String prefix = e.line() + ":" + e.column() + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static boolean jsonLinesByName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }

    private static boolean isAdvisoryFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson");
    }
}
