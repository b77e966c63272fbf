package secplane.testbeds.injection.sql;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * {@code /sql/users?order=}: every active user, sorted. A sort column cannot be a bind parameter,
 * so the vulnerable endpoint concatenates {@code order} into {@code ORDER BY} (CWE-89): an
 * expression there runs subqueries, and H2's conversion errors, which the endpoint shows, print
 * what they read. The safe twin maps the request to a column from an allow-list and a direction.
 */
public final class UserList extends Endpoint {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> COLUMNS = Map.of("id", "id", "name", "name", "email", "email", "city", "city");

    private final transient UserDatabase database;
    private final boolean safe;

    public UserList(UserDatabase database, boolean safe) {
        this.database = database;
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String order = request.getParameter("order");
        if (order == null || order.isBlank()) {
            order = "id";
        }
        String orderBy = safe ? allowed(order) : order;
        try (Connection connection = database.connection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT id, name, email, city FROM users WHERE active = TRUE ORDER BY " + orderBy)) {
            text(response, 200, UserRows.render(rows));
        } catch (SQLException e) {
            throw Refusal.badInput("query failed", e);
        }
    }

    /** {@code column} or {@code column asc|desc}, the column from {@link #COLUMNS}; anything else is refused. */
    private static String allowed(String order) throws Refusal {
        String[] words = order.trim().toLowerCase(Locale.ROOT).split("\\s+");
        String column = COLUMNS.get(words[0]);
        if (column == null || words.length > 2 || (words.length == 2 && !words[1].matches("asc|desc"))) {
            throw Refusal.badInput("order must be one of " + COLUMNS.keySet() + ", optionally followed by asc or desc");
        }
        return words.length == 2 ? column + " " + words[1].toUpperCase(Locale.ROOT) : column;
    }
}
