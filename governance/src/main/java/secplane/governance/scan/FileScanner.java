package secplane.governance.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import secplane.governance.catalog.Catalog;
import secplane.governance.detectors.DetectionEngine;
import secplane.protocol.json.Json;
import secplane.protocol.json.JsonException;

/**
 * Scans a file or a directory tree: CSV/TSV by column (the header names the columns), JSON and JSON lines by
 * key path, everything else line by line as text. Binary files (NUL bytes), files in neither UTF-8 nor
 * GB18030, overlong lines and unreadable files are skipped with the reason in the report; an encoding error
 * half-way through a file keeps what was found before it.
 */
public final class FileScanner {
    private static final int PROBE = 64 * 1024;
    private static final Charset GB18030 = Charset.forName("GB18030");

    private final DetectionEngine engine;
    private final Catalog catalog;
    private final ScanOptions options;

    public FileScanner(DetectionEngine engine, Catalog catalog, ScanOptions options) {
        this.engine = engine;
        this.catalog = catalog;
        this.options = options;
    }

    public ScanReport scan(Path root, ScanListener listener) {
        ScanReport report = new ScanReport(root.toString());
        report.sample(options.sample());
        String abort = null;
        try {
            List<Path> files = list(root, report);
            listener.started(files.size());
            report.progress(0, files.size());
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                String name = Files.isDirectory(root) ? root.relativize(f).toString() : f.getFileName().toString();
                try {
                    scanFile(f, name, report);
                } catch (IOException | RuntimeException e) {
                    report.skip(name, "cannot read: " + e);
                }
                report.progress(i + 1, files.size());
                listener.unitDone(name, i + 1, files.size(), report);
            }
        } catch (IOException | RuntimeException e) {
            abort = "scan stopped: " + e;
        } finally {
            report.finish(abort);
        }
        return report;
    }

    private static List<Path> list(Path root, ScanReport report) throws IOException {
        if (!Files.exists(root)) {
            throw new IOException(root + " does not exist: give a file, a directory or a jdbc: URL");
        }
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            out.add(root);
            return out;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(file)) {
                    out.add(file);
                } else if (attrs.isSymbolicLink()) {
                    report.skip(root.relativize(file).toString(), "cannot read: broken symbolic link");
                } else if (!attrs.isDirectory()) {
                    report.skip(root.relativize(file).toString(), "not a regular file");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                report.skip(root.relativize(file).toString(), "cannot read: " + e);
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }

    private void scanFile(Path f, String name, ScanReport report) throws IOException {
        byte[] probe;
        try (InputStream in = Files.newInputStream(f)) {
            probe = in.readNBytes(PROBE);
        }
        if (probe.length == 0) {
            report.skip(name, "empty file");
            return;
        }
        for (byte b : probe) {
            if (b == 0) {
                report.skip(name, "binary file (NUL bytes in the first " + probe.length + " bytes)");
                return;
            }
        }
        Charset cs = StandardCharsets.UTF_8;
        if (!decodes(probe, StandardCharsets.UTF_8)) {
            if (decodes(probe, GB18030) && mostlyText(probe, GB18030)) {
                cs = GB18030;
                report.skip(name, "not UTF-8; read as GB18030");
            } else {
                report.skip(name, "invalid encoding: neither UTF-8 nor GB18030 text");
                return;
            }
        }
        String lower = name.toLowerCase(Locale.ROOT);
        LineReader lines = new LineReader(decoder(f, cs), options.maxLineChars());
        try {
            if (lower.endsWith(".csv") || lower.endsWith(".tsv")) {
                csv(lines, name, lower.endsWith(".tsv") ? '\t' : ',', report);
            } else if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
                jsonLines(lines, name, report);
            } else if (lower.endsWith(".json") && Files.size(f) <= options.maxJsonBytes()) {
                json(f, cs, name, report);
            } else {
                if (lower.endsWith(".json")) {
                    report.skip(name, "JSON larger than " + options.maxJsonBytes() + " bytes: scanned as text lines (convert it to JSON lines for key paths)");
                }
                text(lines, name, report);
            }
        } catch (CharacterCodingException e) {
            report.skip(name, "invalid " + cs.name() + " after line " + lines.lineNumber() + ": the rest of the file was not scanned");
        } finally {
            lines.close();
            if (lines.overlong() > 0) {
                report.skip(name, lines.overlong() + " lines longer than " + options.maxLineChars() + " characters skipped");
            }
        }
    }

    /** A value's profile is flushed even when the file fails half-way (see the finally blocks below). */
    private void text(LineReader lines, String name, ScanReport report) throws IOException {
        ColumnProfile p = new ColumnProfile(name, "-", "text");
        try {
            String line;
            while (p.sampled() < options.sample() && (line = lines.next()) != null) {
                p.value(line, null, engine, catalog, options.examples());
            }
        } finally {
            report.add(p.toAsset(catalog, options.minHitRate()));
        }
    }

    private void csv(LineReader lines, String name, char sep, ScanReport report) throws IOException {
        String headerLine = lines.next();
        if (headerLine == null) {
            report.skip(name, "empty CSV");
            return;
        }
        List<String> header = Csv.split(headerLine, sep);
        List<ColumnProfile> profiles = new ArrayList<>();
        for (String h : header) {
            profiles.add(new ColumnProfile(name, h, "csv-column"));
        }
        int rows = 0;
        int ragged = 0;
        try {
            String line;
            while (rows < options.sample() && (line = lines.next()) != null) {
                while (Csv.openQuote(line, sep)) {
                    String more = lines.next();
                    if (more == null) {
                        break;
                    }
                    line = line + "\n" + more;
                }
                List<String> cells = Csv.split(line, sep);
                if (cells.size() != header.size()) {
                    ragged++;
                }
                for (int k = 0; k < profiles.size(); k++) {
                    profiles.get(k).value(k < cells.size() ? cells.get(k) : null, header.get(k), engine, catalog, options.examples());
                }
                rows++;
            }
        } finally {
            for (ColumnProfile p : profiles) {
                report.add(p.toAsset(catalog, options.minHitRate()));
            }
            if (ragged > 0) {
                report.skip(name, ragged + " rows with a different number of cells than the header (cells matched by position)");
            }
        }
    }

    private void jsonLines(LineReader lines, String name, ScanReport report) throws IOException {
        Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
        int records = 0;
        int invalid = 0;
        try {
            String line;
            while (records < options.sample() && (line = lines.next()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    walk(Json.parse(line), "", null, name, profiles);
                } catch (JsonException e) {
                    invalid++;
                    profiles.computeIfAbsent("-", k -> new ColumnProfile(name, "-", "text")).value(line, null, engine, catalog, options.examples());
                }
                records++;
            }
        } finally {
            for (ColumnProfile p : profiles.values()) {
                report.add(p.toAsset(catalog, options.minHitRate()));
            }
            if (invalid > 0) {
                report.skip(name, invalid + " lines are not JSON: scanned as text");
            }
        }
    }

    private void json(Path f, Charset cs, String name, ScanReport report) throws IOException {
        String text = Files.readString(f, cs);
        Object doc;
        try {
            doc = Json.parse(text);
        } catch (JsonException e) {
            report.skip(name, "not valid JSON (" + e.getMessage() + "): scanned as text lines");
            LineReader lines = new LineReader(decoder(f, cs), options.maxLineChars());
            try {
                text(lines, name, report);
            } finally {
                lines.close();
            }
            return;
        }
        Map<String, ColumnProfile> profiles = new LinkedHashMap<>();
        try {
            walk(doc, "", null, name, profiles);
        } finally {
            for (ColumnProfile p : profiles.values()) {
                report.add(p.toAsset(catalog, options.minHitRate()));
            }
        }
    }

    /** Key paths: "a.b" for members, "a[]" for array elements (all elements share one profile). */
    @SuppressWarnings("unchecked")
    private void walk(Object v, String path, String key, String name, Map<String, ColumnProfile> profiles) {
        if (v instanceof Map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                walk(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getKey(), name, profiles);
            }
        } else if (v instanceof List) {
            for (Object o : (List<Object>) v) {
                walk(o, path + "[]", key, name, profiles);
            }
        } else if (v != null && !(v instanceof Boolean)) {
            String p = path.isEmpty() ? "$" : path;
            ColumnProfile prof = profiles.computeIfAbsent(p, k -> new ColumnProfile(name, k, "json-key"));
            if (prof.sampled() < options.sample()) {
                String s = v instanceof java.math.BigDecimal ? ((java.math.BigDecimal) v).toPlainString() : String.valueOf(v);
                prof.value(s.length() > options.maxLineChars() ? null : s, key, engine, catalog, options.examples());
            }
        }
    }

    private static Reader decoder(Path f, Charset cs) throws IOException {
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        return new java.io.InputStreamReader(Files.newInputStream(f), dec);
    }

    /** Strict decoding of a probe; a multi-byte sequence cut at the probe's end is not an error. */
    private static boolean decodes(byte[] probe, Charset cs) {
        CharsetDecoder dec = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(probe);
        CharBuffer out = CharBuffer.allocate(probe.length + 16);
        java.nio.charset.CoderResult r = dec.decode(in, out, probe.length < PROBE);
        return !r.isError() && (probe.length < PROBE ? in.remaining() == 0 : in.remaining() < 4);
    }

    /** GB18030 decodes almost any bytes; accept it only when the result is mostly printable text. */
    private static boolean mostlyText(byte[] probe, Charset cs) {
        String s = new String(probe, cs);
        int control = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' || c == '\uFFFD') {
                control++;
            }
        }
        return control * 100 < s.length();
    }
}
