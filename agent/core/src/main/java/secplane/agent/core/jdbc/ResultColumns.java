package secplane.agent.core.jdbc;

import java.lang.ref.WeakReference;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code jdbc.result} join point's arguments: a value read from a result set, with the table and column it
 * came from ({@link ResultSetMetaData#getTableName}, {@link ResultSetMetaData#getColumnName}).
 *
 * <p>The metadata is read once per result set and kept per thread for the result set the thread last read
 * from: applications and mappers read a result set row by row on one thread, so one entry answers nearly every
 * call with an identity comparison. The entry holds JDK types only (the result set weakly), so that no thread
 * keeps the agent's class loader alive.
 */
public final class ResultColumns {
    /** Per thread: {WeakReference result set, String[] tables, String[] columns, Map label to index, Object last value}. */
    private static final ThreadLocal<Object[]> LAST = new ThreadLocal<Object[]>();

    private ResultColumns() {
    }

    /**
     * @param resultSet the result set the value was read from (the woven receiver)
     * @param value     what the getter returns
     * @param column    the getter's argument: an {@code Integer} index or a {@code String} label
     * @return {String value, String table, String column, Boolean enforcing (set by the host per aspect)}, or null when the value is not text or a number, when
     *         the column cannot be named, or when the same value of the same result set was just dispatched (a label
     *         getter that calls the index getter)
     */
    public static Object[] read(Object resultSet, Object value, Object column) {
        String text;
        if (value instanceof String) {
            text = (String) value;
        } else if (value instanceof Number || value instanceof Character) {
            text = value.toString();
        } else {
            return null;
        }
        if (!(resultSet instanceof ResultSet)) {
            return null;
        }
        Object[] entry = LAST.get();
        if (entry == null || ((WeakReference<?>) entry[0]).get() != resultSet) {
            entry = describe((ResultSet) resultSet);
            if (entry == null) {
                return null;
            }
            LAST.set(entry);
        } else if (entry[4] == value) {
            return null;
        }
        entry[4] = value;
        int index = index(entry, column);
        String[] tables = (String[]) entry[1];
        String[] columns = (String[]) entry[2];
        if (index < 1 || index > columns.length) {
            return null;
        }
        return new Object[] {text, tables[index - 1], columns[index - 1], Boolean.FALSE};
    }

    /** Forgets the current thread's entry (tests, and a thread that ends its work). */
    public static void clear() {
        LAST.remove();
    }

    private static Object[] describe(ResultSet rs) {
        try {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            String[] tables = new String[n];
            String[] columns = new String[n];
            Map<String, Integer> labels = new HashMap<String, Integer>();
            for (int i = 1; i <= n; i++) {
                tables[i - 1] = name(md.getTableName(i));
                String c = name(md.getColumnName(i));
                String label = md.getColumnLabel(i);
                columns[i - 1] = c.isEmpty() ? name(label) : c;
                if (label != null) {
                    // JDBC 4.3 ResultSet: "Column names used as input to getter methods are case insensitive";
                    // the first column of a name wins
                    String key = label.toLowerCase(Locale.ROOT);
                    if (!labels.containsKey(key)) {
                        labels.put(key, i);
                    }
                }
            }
            return new Object[] {new WeakReference<Object>(rs), tables, columns, labels, null};
        } catch (Throwable e) {
            return null; // a closed result set, a driver without metadata: the value is not dispatched
        }
    }

    private static int index(Object[] entry, Object column) {
        if (column instanceof Integer) {
            return (Integer) column;
        }
        if (column instanceof String) {
            @SuppressWarnings("unchecked")
            Map<String, Integer> labels = (Map<String, Integer>) entry[3];
            Integer i = labels.get(((String) column).toLowerCase(Locale.ROOT));
            return i == null ? -1 : i;
        }
        return -1;
    }

    /**
     * A table or column name as the map shows it. An unquoted SQL identifier is case-insensitive and databases
     * store it folded (to upper case in H2 and Oracle, SQL:2016 5.2 syntax rule 21; to lower case in PostgreSQL), so
     * a name in capitals only is shown in lower case: {@code CUSTOMERS.ID_NUMBER} and {@code customers.id_number} are
     * one column. A quoted mixed-case name is kept as it is.
     */
    static String name(String s) {
        if (s == null) {
            return "";
        }
        return s.equals(s.toUpperCase(Locale.ROOT)) ? s.toLowerCase(Locale.ROOT) : s;
    }
}
