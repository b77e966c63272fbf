package secplane.detect;

import java.util.Locale;

/**
 * The SQL dialect whose lexical rules the SQL check applies: how strings are quoted and escaped,
 * which characters start comments and quoted identifiers (docs/detectors.md lists them).
 */
public enum Dialect {
    MYSQL, POSTGRESQL, ORACLE, SQLSERVER, H2, SQLITE, GENERIC;

    /**
     * The dialect of a JDBC URL, looking through wrapper drivers that put their own name first
     * ({@code jdbc:p6spy:mysql:}, {@code jdbc:log4jdbc:postgresql:}, {@code jdbc:tc:mysql:}, ...);
     * {@link #GENERIC} when none is recognised.
     */
    public static Dialect fromJdbcUrl(String url) {
        if (url == null) {
            return GENERIC;
        }
        String u = url.trim().toLowerCase(Locale.ROOT);
        if (!u.startsWith("jdbc:")) {
            return GENERIC;
        }
        int from = 5;
        for (int part = 0; part < 4 && from < u.length(); part++) {
            int colon = u.indexOf(':', from);
            String name = colon < 0 ? u.substring(from) : u.substring(from, colon);
            Dialect d = byDriverName(name);
            if (d != null) {
                return d;
            }
            if (colon < 0) {
                break;
            }
            from = colon + 1;
        }
        return GENERIC;
    }

    private static Dialect byDriverName(String name) {
        switch (name) {
            case "mysql":
            case "mariadb":
            case "mysqlx":
                return MYSQL;
            case "postgresql":
            case "pgsql":
            case "postgres":
            case "redshift":
            case "cockroach":
            case "opengauss":
            case "gaussdb":
                return POSTGRESQL;
            case "oracle":
                return ORACLE;
            case "sqlserver":
            case "jtds":
                return SQLSERVER;
            case "h2":
                return H2;
            case "sqlite":
                return SQLITE;
            default:
                return null;
        }
    }
}
