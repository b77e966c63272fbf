package secplane.testrequests;

/** A result set's value getters, reduced to what the jdbc.result hook weaves: several returns, a null, a label getter calling the index getter. */
public class Rows {
    public String getString(int column) {
        if (column == 0) {
            return null;
        }
        if (column > 100) {
            return "big " + column;
        }
        return "value " + column;
    }

    public String getString(String label) {
        return getString(label.length());
    }

    public Object getObject(int column) {
        return column == 7 ? Long.valueOf(13812345678L) : getString(column);
    }
}
