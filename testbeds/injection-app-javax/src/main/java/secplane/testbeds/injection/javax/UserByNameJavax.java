package secplane.testbeds.injection.javax;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import secplane.testbeds.injection.Refusal;
import secplane.testbeds.injection.sql.UserDatabase;

/** {@code /sql/user?name=} on {@code javax.servlet}: the name concatenated into SQL (CWE-89), or bound. */
final class UserByNameJavax extends JavaxEndpoint {

    private static final long serialVersionUID = 1L;

    private final transient UserDatabase database;
    private final boolean safe;

    UserByNameJavax(UserDatabase database, boolean safe) {
        this.database = database;
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String name = required(request, "name");
        String sql = "SELECT id, name, email, city FROM users WHERE name = " + (safe ? "?" : "'" + name + "'")
                + " AND active = TRUE";
        try (Connection connection = database.connection()) {
            if (safe) {
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setString(1, name);
                    try (ResultSet rows = statement.executeQuery()) {
                        text(response, 200, render(rows));
                    }
                }
            } else {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                    text(response, 200, render(rows));
                }
            }
        } catch (SQLException e) {
            throw Refusal.badInput("query failed", e);
        }
    }

    private static String render(ResultSet rows) throws SQLException {
        StringBuilder lines = new StringBuilder();
        int count = 0;
        while (rows.next()) {
            count++;
            lines.append(rows.getString(1)).append('\t').append(rows.getString(2)).append('\t')
                    .append(rows.getString(3)).append('\t').append(rows.getString(4)).append('\n');
        }
        return count + (count == 1 ? " user\n" : " users\n") + lines;
    }
}
