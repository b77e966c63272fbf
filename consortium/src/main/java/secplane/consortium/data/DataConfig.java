package secplane.consortium.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Where a member's data lives: a JDBC database, or CSV files loaded into it at start. The node's configuration passes
 * its {@code data:} map through {@link #fromMap}.
 *
 * @param jdbcUrl the database; with CSV files and no URL, an in-memory H2 database
 * @param accounts CSV of accounts, or null when the database already holds the data
 * @param transfers CSV of transfers (with accounts)
 * @param flags CSV of fraud flags (optional)
 */
public record DataConfig(String jdbcUrl, Path accounts, Path transfers, Path flags) {
    private static final Set<String> KEYS = Set.of("jdbc", "accounts", "transfers", "flags");

    public DataConfig {
        if ((accounts == null) != (transfers == null)) {
            throw new IllegalArgumentException("data: give both 'accounts' and 'transfers' CSV files, or neither");
        }
        if (jdbcUrl == null && accounts == null) {
            throw new IllegalArgumentException("data: give a 'jdbc' URL or the 'accounts' and 'transfers' CSV files");
        }
        if (flags != null && accounts == null) {
            throw new IllegalArgumentException("data: 'flags' is a CSV file loaded with 'accounts' and 'transfers'");
        }
    }

    /** The default: an embedded H2 database file {@code member-data.mv.db} in {@code dir}. */
    public static DataConfig h2File(Path dir) {
        return new DataConfig("jdbc:h2:file:" + dir.toAbsolutePath().resolve("member-data"), null, null, null);
    }

    /**
     * Reads the {@code data:} map of a member configuration: keys {@code jdbc}, {@code accounts}, {@code transfers},
     * {@code flags}; relative paths are resolved against {@code base}. Unknown keys are errors.
     */
    public static DataConfig fromMap(Map<String, ?> map, Path base) {
        for (String k : map.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("data: unknown key '" + k + "'; the keys are jdbc, accounts, transfers, flags");
            }
        }
        return new DataConfig(text(map, "jdbc"), path(map, "accounts", base), path(map, "transfers", base), path(map, "flags", base));
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        if (jdbcUrl != null) {
            m.put("jdbc", jdbcUrl);
        }
        if (accounts != null) {
            m.put("accounts", accounts.toString());
            m.put("transfers", transfers.toString());
        }
        if (flags != null) {
            m.put("flags", flags.toString());
        }
        return m;
    }

    private static String text(Map<String, ?> map, String key) {
        Object v = map.get(key);
        return v == null ? null : v.toString();
    }

    private static Path path(Map<String, ?> map, String key, Path base) {
        String v = text(map, key);
        return v == null ? null : base.resolve(v);
    }

    /** Opens the database, loading the CSV files into it first when given (all or nothing). */
    public MemberData open() {
        String url = jdbcUrl != null ? jdbcUrl : "jdbc:h2:mem:member-data-" + System.identityHashCode(this) + "-" + System.nanoTime();
        MemberData data = MemberData.open(url);
        if (accounts != null) {
            try {
                data.load(sink -> CsvData.read(accounts, transfers, flags, sink));
            } catch (RuntimeException e) {
                data.close();
                throw e;
            }
        }
        return data;
    }
}
