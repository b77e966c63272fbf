package secplane.testbeds.injection;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Values only a successful exploit can reveal, fresh at every start: password hashes in the SQL
 * database, passwords in the LDAP directory and the XPath document, an API token in a private file.
 * They are written to {@code <base>/private/secrets.properties}, outside the documents directory:
 * path traversal aims at that file, and the attacks read it to recognise a leak when they see one.
 */
public final class Secrets {

    /** The file's path below the base directory. */
    public static final String FILE = "private/secrets.properties";

    private final Map<String, String> values;

    private Secrets(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static Secrets generate() {
        SecureRandom random = new SecureRandom();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("api.token", "tok-" + hex(random, 16));
        for (String user : new String[] {"admin", "alice", "bob"}) {
            values.put("sql.password_hash." + user, "pbkdf2-sha256$310000$" + hex(random, 16));
        }
        for (String user : new String[] {"alice", "bob", "carol"}) {
            values.put("ldap.password." + user, "pw-" + hex(random, 8));
        }
        for (String user : new String[] {"alice", "bob", "carol"}) {
            values.put("xpath.password." + user, "xp-" + hex(random, 8));
        }
        return new Secrets(values);
    }

    /** Writes {@link #FILE} below {@code base}, with a header saying what it is. */
    public void write(Path base) throws IOException {
        Path file = base.resolve(FILE);
        Files.createDirectories(file.getParent());
        Properties properties = new Properties();
        properties.putAll(values);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "injection-app secrets for this run; none is ever served by a safe endpoint");
        }
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no secret named " + key);
        }
        return value;
    }

    private static String hex(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
