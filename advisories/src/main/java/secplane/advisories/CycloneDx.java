package secplane.advisories;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import secplane.protocol.json.Json;

/**
 * Writes an {@link Inventory} as a CycloneDX 1.5 JSON BOM (CycloneDX specification 1.5, JSON
 * schema {@code bom-1.5.schema.json}; the tests validate the output against it).
 *
 * <ul>
 * <li>{@code metadata.component} is the service (type {@code application}), with the instance and
 * the JDK as properties; {@code metadata.tools} names secplane (1.5's object form);</li>
 * <li>each jar is one {@code library} component: its own coordinates (the first component not
 * marked shaded), its SHA-256 in {@code hashes}, its path, size and how the coordinates were found
 * in {@code properties}; a jar without coordinates of its own is named by its file name;</li>
 * <li>components shaded inside a jar are nested in that jar's {@code components} ("software ...
 * included in the parent component"), with their own purl and no hash, since the jar's hash is
 * not theirs; a shaded copy of unknown version has no version and a version-less purl.</li>
 * </ul>
 * Property names use the {@code secplane:} namespace.
 */
public final class CycloneDx {
    public static final String SPEC_VERSION = "1.5";

    private CycloneDx() {
    }

    /** The BOM with a random serial number, timestamped now. */
    public static String write(Inventory inventory) {
        return write(inventory, Instant.now(), UUID.randomUUID());
    }

    public static String write(Inventory inventory, Instant timestamp, UUID serialNumber) {
        Map<String, Object> bom = new LinkedHashMap<>();
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", SPEC_VERSION);
        bom.put("serialNumber", "urn:uuid:" + serialNumber);
        bom.put("version", 1);

        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "application");
        tool.put("group", "io.secplane");
        tool.put("name", "secplane");
        tool.put("version", toolVersion());
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("type", "application");
        service.put("bom-ref", "service");
        service.put("name", inventory.service());
        List<Object> serviceProps = new ArrayList<>();
        property(serviceProps, "secplane:instance", inventory.instance());
        property(serviceProps, "secplane:jdk", inventory.jdk());
        service.put("properties", serviceProps);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("timestamp", timestamp.truncatedTo(ChronoUnit.SECONDS).toString());
        metadata.put("tools", Map.of("components", List.of(tool)));
        metadata.put("component", service);
        bom.put("metadata", metadata);

        List<Object> components = new ArrayList<>();
        List<Inventory.Jar> jars = inventory.jars();
        for (int i = 0; i < jars.size(); i++) {
            components.add(jar(jars.get(i), "jar-" + i));
        }
        bom.put("components", components);
        return Json.write(bom);
    }

    private static Map<String, Object> jar(Inventory.Jar jar, String ref) {
        Component own = null;
        List<Component> inside = new ArrayList<>();
        for (Component c : jar.components()) {
            if (own == null && !c.shaded()) {
                own = c;
            } else {
                inside.add(c);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", "library");
        out.put("bom-ref", ref);
        if (own != null) {
            coordinates(out, own);
        } else {
            Path fileName = Path.of(jar.path()).getFileName();
            out.put("name", fileName == null ? jar.path() : fileName.toString());
        }
        Map<String, Object> hash = new LinkedHashMap<>();
        hash.put("alg", "SHA-256");
        hash.put("content", jar.sha256().toLowerCase(Locale.ROOT));
        out.put("hashes", List.of(hash));
        List<Object> props = new ArrayList<>();
        property(props, "secplane:path", jar.path());
        property(props, "secplane:size", Long.toString(jar.size()));
        if (own != null) {
            property(props, "secplane:source", own.source());
        }
        out.put("properties", props);
        if (!inside.isEmpty()) {
            List<Object> nested = new ArrayList<>();
            for (int j = 0; j < inside.size(); j++) {
                Component c = inside.get(j);
                Map<String, Object> n = new LinkedHashMap<>();
                n.put("type", "library");
                n.put("bom-ref", ref + "/" + j);
                coordinates(n, c);
                List<Object> np = new ArrayList<>();
                property(np, "secplane:path", jar.path());
                property(np, "secplane:source", c.source());
                n.put("properties", np);
                nested.add(n);
            }
            out.put("components", nested);
        }
        return out;
    }

    private static void coordinates(Map<String, Object> out, Component c) {
        out.put("group", c.group());
        out.put("name", c.artifact());
        if (!c.versionUnknown()) {
            out.put("version", c.version());
        }
        out.put("purl", purl(c));
    }

    /**
     * The package URL of a Maven component: {@code pkg:maven/<groupId>/<artifactId>@<version>}
     * (purl specification, "maven" type: the groupId is the namespace). Each segment is
     * percent-encoded except for the unreserved characters of RFC 3986; a component of unknown
     * version gets a purl without {@code @version}.
     */
    public static String purl(Component c) {
        StringBuilder sb = new StringBuilder("pkg:maven/").append(encode(c.group())).append('/').append(encode(c.artifact()));
        if (!c.versionUnknown()) {
            sb.append('@').append(encode(c.version()));
        }
        return sb.toString();
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static void property(List<Object> props, String name, String value) {
        if (value != null) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", name);
            p.put("value", value);
            props.add(p);
        }
    }

    static String toolVersion() {
        try (InputStream in = CycloneDx.class.getResourceAsStream("module.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // the version is informative only
        }
        return "unknown";
    }
}
