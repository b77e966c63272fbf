package secplane.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import secplane.protocol.json.Json;

/**
 * The attack and benign corpora under {@code src/test/resources/corpus}: one JSON object per line
 * with the sink argument (field per category), {@code inputs} ({@code source}, {@code name},
 * {@code value}) and a {@code note}. {@link #verdict} runs one line through its detector.
 *
 * <p>Fields per category: sql {@code statement, dialect}; command {@code command} (or null),
 * {@code argv}; path {@code path}; ssrf {@code url}, optional {@code dns} (host to addresses; other
 * names resolve to {@link #PUBLIC_ADDRESS}); xml {@code document}, optional {@code encoding}
 * (UTF-8-BOM, UTF-16LE, UTF-16BE, UTF-16LE-BOM, UTF-16BE-BOM) to pass it as bytes; ldap
 * {@code filter}; xpath {@code expression}; expression {@code expression, language}; xss {@code html}.
 */
final class Corpus {
    static final List<String> CATEGORIES = List.of("sql", "command", "path", "ssrf", "xml", "ldap", "xpath", "expression", "xss");
    static final String PUBLIC_ADDRESS = "93.184.215.14";

    record Line(String category, String kind, int number, Map<String, Object> json) {
        String note() {
            return String.valueOf(json.get("note"));
        }

        @Override
        public String toString() {
            return category + "-" + kind + ".jsonl:" + number + " (" + note() + ")";
        }
    }

    private Corpus() {
    }

    @SuppressWarnings("unchecked")
    static List<Line> load(String category, String kind) {
        String resource = "/corpus/" + category + "-" + kind + ".jsonl";
        List<Line> out = new ArrayList<>();
        try (InputStream in = Corpus.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    out.add(new Line(category, kind, n, (Map<String, Object>) Json.parse(line)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static List<Input> inputs(Line line) {
        List<Input> out = new ArrayList<>();
        for (Object o : (List<Object>) line.json().get("inputs")) {
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(new Input((String) m.get("source"), (String) m.get("name"), (String) m.get("value")));
        }
        return out;
    }

    /** The verdict of the line's detector; a bug the detector caught (and would have hidden as none) fails the test. */
    static Verdict verdict(Line line) {
        long failures = Detectors.failures();
        Verdict v = run(line);
        if (Detectors.failures() != failures) {
            throw new AssertionError(line + ": the detector failed", Detectors.lastFailure());
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Verdict run(Line line) {
        Map<String, Object> j = line.json();
        List<Input> inputs = inputs(line);
        switch (line.category()) {
            case "sql":
                return Detectors.sql((String) j.get("statement"), Dialect.valueOf((String) j.get("dialect")), inputs);
            case "command":
                return Detectors.command((String) j.get("command"), (List<String>) j.get("argv"), inputs);
            case "path":
                return Detectors.path((String) j.get("path"), inputs);
            case "ssrf":
                return Detectors.ssrf((String) j.get("url"), inputs, resolver((Map<String, Object>) j.get("dns"))).verdict();
            case "xml": {
                String doc = (String) j.get("document");
                String enc = (String) j.get("encoding");
                if (enc == null) {
                    return Detectors.xml(doc, inputs);
                }
                byte[] b = bytes(doc, enc);
                return Detectors.xml(b, b.length, inputs);
            }
            case "ldap":
                return Detectors.ldap((String) j.get("filter"), inputs);
            case "xpath":
                return Detectors.xpath((String) j.get("expression"), inputs);
            case "expression":
                return Detectors.expression((String) j.get("expression"), (String) j.get("language"), inputs);
            case "xss":
                return Detectors.xss((String) j.get("html"), inputs);
            default:
                throw new IllegalArgumentException(line.category());
        }
    }

    static String rule(String category) {
        switch (category) {
            case "sql":
                return "sql.injection";
            case "command":
                return "command.injection";
            case "path":
                return "path.traversal";
            case "ssrf":
                return "ssrf";
            case "xml":
                return "xxe";
            case "ldap":
                return "ldap.injection";
            case "xpath":
                return "xpath.injection";
            case "expression":
                return "expression.injection";
            case "xss":
                return "xss.reflected";
            default:
                throw new IllegalArgumentException(category);
        }
    }

    static byte[] bytes(String doc, String encoding) {
        switch (encoding) {
            case "UTF-8-BOM":
                return concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, doc.getBytes(StandardCharsets.UTF_8));
            case "UTF-16LE":
                return doc.getBytes(StandardCharsets.UTF_16LE);
            case "UTF-16BE":
                return doc.getBytes(StandardCharsets.UTF_16BE);
            case "UTF-16LE-BOM":
                return concat(new byte[] {(byte) 0xff, (byte) 0xfe}, doc.getBytes(StandardCharsets.UTF_16LE));
            case "UTF-16BE-BOM":
                return concat(new byte[] {(byte) 0xfe, (byte) 0xff}, doc.getBytes(StandardCharsets.UTF_16BE));
            default:
                throw new IllegalArgumentException("unknown encoding " + encoding);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Names in {@code dns} resolve to their listed addresses; every other name to {@link #PUBLIC_ADDRESS}. */
    @SuppressWarnings("unchecked")
    static Resolver resolver(Map<String, Object> dns) {
        return host -> {
            Object listed = dns == null ? null : dns.get(host);
            List<Object> addresses = listed == null ? List.of(PUBLIC_ADDRESS) : (List<Object>) listed;
            if (addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[addresses.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName((String) addresses.get(i)); // literals only: no lookup
            }
            return out;
        };
    }
}
