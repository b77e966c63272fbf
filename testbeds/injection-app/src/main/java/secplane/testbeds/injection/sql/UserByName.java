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
 * {@code /sql/user?name=}: the active users with that name. The vulnerable endpoint concatenates the
 * name into the SQL text (CWE-89), so a quote ends the literal: tautologies, UNION, comments that
 * drop the {@code active} condition, stacked statements and SLEEP all work. The safe twin binds the
 * name as a parameter of a PreparedStatement.
 */
public final class UserByName extends Endpoint {

    private static final long serialVersionUID = 1L;

    private final transient UserDatabase database;
    private final boolean safe;

    public UserByName(UserDatabase database, boolean safe) {
        this.database = database;
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String name = required(request, "name");
        try (Connection connection = database.connection()) {
            text(response, 200, safe ? safe(connection, name) : vulnerable(connection, name));
        } catch (SQLException e) {
            throw Refusal.badInput("query failed", e);
        }
    }

    private static String vulnerable(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, name, email, city FROM users WHERE name = '"
                     + name + "' AND active = TRUE")) {
            return UserRows.render(rows);
        }
    }

    private static String safe(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, name, email, city FROM users WHERE name = ? AND active = TRUE")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return UserRows.render(rows);
            }
        }
    }
}
