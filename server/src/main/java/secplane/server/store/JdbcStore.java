package secplane.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import secplane.server.http.ApiError;

/**
 * {@link Store} over JDBC: a HikariCP pool, the Flyway migrations of {@code db/migration} run at
 * start (the same SQL on H2 and PostgreSQL; the one type that differs is a placeholder).
 */
public final class JdbcStore implements Store {
    private final HikariDataSource pool;
    private final String dialect;

    private JdbcStore(HikariDataSource pool, String dialect) {
        this.pool = pool;
        this.dialect = dialect;
    }

    public static JdbcStore open(String url, String user, String password) {
        String dialect;
        if (url.startsWith("jdbc:postgresql:")) {
            dialect = "postgresql";
        } else if (url.startsWith("jdbc:h2:")) {
            dialect = "h2";
        } else {
            throw new IllegalArgumentException("unsupported database URL '" + url + "': expected jdbc:h2:... or jdbc:postgresql://host:port/db");
        }
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        if (user != null) {
            cfg.setUsername(user);
        }
        if (password != null) {
            cfg.setPassword(password);
        }
        cfg.setMaximumPoolSize(8);
        cfg.setMinimumIdle(1);
        cfg.setPoolName("secplane-db");
        cfg.setAutoCommit(false);
        cfg.setConnectionTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(cfg);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .placeholders(Map.of("bytes", dialect.equals("postgresql") ? "BYTEA" : "VARBINARY"))
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new JdbcStore(ds, dialect);
    }

    @Override
    public String dialect() {
        return dialect;
    }

    @Override
    public <T> T transaction(Work<T> work) {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                c.rollback();
                // SQLSTATE class 23: integrity constraint violation (ISO/IEC 9075), the same on H2 and PostgreSQL.
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    throw ApiError.conflict("a concurrent change got there first; retry the request");
                }
                throw new IllegalStateException("database error: " + e.getMessage(), e);
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database unavailable: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
