package secplane.agent.core.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The jdbc.result arguments read from a real H2 result set's metadata. */
class ResultColumnsTest {
    @AfterEach
    void forget() {
        ResultColumns.clear();
    }

    @Test
    void aValueIsNamedByItsTableAndColumnByIndexAndByLabel() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:columns");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INT, id_number VARCHAR(18), \"MobileNo\" VARCHAR(11), born DATE)");
            s.execute("INSERT INTO customers VALUES (1, '110101199003074477', '13812345678', DATE '1990-03-07'), (2, 'x', 'y', NULL)");
            try (ResultSet rs = s.executeQuery("SELECT id, id_number AS idn, \"MobileNo\", born, 1 + 1 AS two FROM customers ORDER BY id")) {
                rs.next();
                String id = rs.getString(2);
                assertThat(ResultColumns.read(rs, id, 2)).containsExactly("110101199003074477", "customers", "id_number", false);
                assertThat(ResultColumns.read(rs, id, 2)).as("the same value again (a label getter calling the index getter)").isNull();
                String mobile = rs.getString("mobileno");
                assertThat(ResultColumns.read(rs, mobile, "mobileno")).as("labels are case-insensitive; a quoted mixed-case name is kept")
                        .containsExactly("13812345678", "customers", "MobileNo", false);
                assertThat(ResultColumns.read(rs, rs.getObject(1), 1)).containsExactly("1", "customers", "id", false);
                assertThat(ResultColumns.read(rs, rs.getObject(4), 4)).as("dates are not dispatched").isNull();
                assertThat(ResultColumns.read(rs, rs.getObject(5), "TWO")).as("a computed column has no table")
                        .containsExactly("2", "", "two", false);
                assertThat(ResultColumns.read(rs, "z", 9)).as("no such column").isNull();
                assertThat(ResultColumns.read(rs, "z", "nope")).isNull();
            }
        }
    }

    @Test
    void foldedNamesAreShownInLowerCase() {
        assertThat(ResultColumns.name("ID_NUMBER")).isEqualTo("id_number");
        assertThat(ResultColumns.name("id_number")).isEqualTo("id_number");
        assertThat(ResultColumns.name("MobileNo")).isEqualTo("MobileNo");
        assertThat(ResultColumns.name(null)).isEmpty();
    }
}
