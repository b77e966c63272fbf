package secplane.testbeds.injection.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import secplane.testbeds.injection.Secrets;

/**
 * An in-memory H2 database of users, seeded at start: {@code users} (what the endpoints show; some
 * accounts inactive and hidden) and {@code credentials} (never shown; its password hashes are
 * {@link Secrets}). Connections come from H2's own pool, one per request, as in a real service.
 */
public final class UserDatabase implements AutoCloseable {

    /** name, email, city, active. Names with apostrophes and accents are there on purpose. */
    private static final String[][] USERS = {
        {"alice", "alice@example.com", "Lyon", "true"},
        {"bob", "bob@example.com", "Leeds", "true"},
        {"carol", "carol@example.com", "Cork", "false"},
        {"dave", "dave@example.com", "Denver", "true"},
        {"erin", "erin@example.com", "Essen", "true"},
        {"frank", "frank@example.com", "Fresno", "false"},
        {"grace", "grace@example.com", "Graz", "true"},
        {"heidi", "heidi@example.com", "Hamburg", "true"},
        {"ivan", "ivan@example.com", "Izmir", "true"},
        {"judy", "judy@example.com", "Jena", "true"},
        {"Seán O'Brien", "sean.obrien@example.ie", "Galway", "true"},
        {"Chloé D'Angelo", "chloe.dangelo@example.fr", "Nice", "true"},
        {"Aminata N'Diaye", "aminata.ndiaye@example.sn", "Dakar", "true"},
        {"José García", "jose.garcia@example.es", "Sevilla", "true"},
        {"Zoë Müller", "zoe.mueller@example.de", "Köln", "true"},
        {"Søren Kierkegaard", "soren@example.dk", "København", "true"},
        {"Łukasz Wiśniewski", "lukasz@example.pl", "Kraków", "true"},
        {"王伟", "wang.wei@example.cn", "北京", "true"},
        {"李娜", "li.na@example.cn", "上海", "true"},
        {"Grant Union", "grant.union@example.com", "Select, Kentucky", "true"},
        {"Drew Table", "drew.table@example.com", "Order, Texas", "true"},
        {"mallory", "mallory@example.com", "Mars", "false"},
    };

    private final JdbcConnectionPool pool;

    private UserDatabase(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    public static UserDatabase create(Secrets secrets) throws SQLException {
        JdbcConnectionPool pool = JdbcConnectionPool.create(
                "jdbc:h2:mem:injection-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "app", "");
        pool.setMaxConnections(32);
        try (Connection connection = pool.getConnection(); Statement ddl = connection.createStatement()) {
            ddl.execute("CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
                    + " email VARCHAR(200) NOT NULL, city VARCHAR(100), active BOOLEAN NOT NULL)");
            ddl.execute("CREATE TABLE credentials (username VARCHAR(100) PRIMARY KEY, password_hash VARCHAR(200) NOT NULL)");
            // MySQL's SLEEP(seconds), which H2 lacks: the time-based blind payloads target it as they would on MySQL.
            ddl.execute("CREATE ALIAS SLEEP FOR '" + MySqlFunctions.class.getName() + ".sleep'");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO users (name, email, city, active) VALUES (?, ?, ?, ?)")) {
                for (String[] user : USERS) {
                    insert.setString(1, user[0]);
                    insert.setString(2, user[1]);
                    insert.setString(3, user[2]);
                    insert.setBoolean(4, Boolean.parseBoolean(user[3]));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO credentials (username, password_hash) VALUES (?, ?)")) {
                for (String user : new String[] {"admin", "alice", "bob"}) {
                    insert.setString(1, user);
                    insert.setString(2, secrets.get("sql.password_hash." + user));
                    insert.executeUpdate();
                }
            }
        }
        return new UserDatabase(pool);
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
