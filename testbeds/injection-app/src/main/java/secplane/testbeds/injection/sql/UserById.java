package secplane.testbeds.injection.sql;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * {@code /sql/user-by-id?id=}: the active user with that numeric id. The vulnerable endpoint
 * concatenates the id unquoted (CWE-89), so no quote is needed to inject ({@code 0 OR 1=1},
 * {@code 0 UNION SELECT ...}). The safe twin parses a number and binds it.
 */
public final class UserById extends Endpoint {

    private static final long serialVersionUID = 1L;

    private final transient UserDatabase database;
    private final boolean safe;

    public UserById(UserDatabase database, boolean safe) {
        this.database = database;
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String id = required(request, "id");
        try (Connection connection = database.connection()) {
            text(response, 200, safe ? safe(connection, id) : vulnerable(connection, id));
        } catch (SQLException e) {
            throw Refusal.badInput("query failed", e);
        }
    }

    private static String vulnerable(Connection connection, String id) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT id, name, email, city FROM users WHERE id = " + id + " AND active = TRUE")) {
            return UserRows.render(rows);
        }
    }

    private static String safe(Connection connection, String id) throws SQLException, Refusal {
        long number;
        try {
            number = Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            throw Refusal.badInput("id must be a whole number, got '" + id + "'");
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, name, email, city FROM users WHERE id = ? AND active = TRUE")) {
            statement.setLong(1, number);
            try (ResultSet rows = statement.executeQuery()) {
                return UserRows.render(rows);
            }
        }
    }
}
