package secplane.testbeds.injection.sql;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Renders the rows of a users query as text: a count line, then {@code id<TAB>name<TAB>email<TAB>city}. */
final class UserRows {

    private UserRows() {
    }

    static String render(ResultSet rows) throws SQLException {
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
