package secplane.detect;

/**
 * What an input does to JavaScript: the state at the echo (code, a string in ' " or `, a comment)
 * is found by scanning the script text before it; an input that leaves a string and writes a call,
 * an assignment or a template, or that writes such code where code is expected, adds script.
 * Regular expression literals are not recognised.
 */
final class Js {
    private static final int CODE = 0;
    private static final int SINGLE = 1;
    private static final int DOUBLE = 2;
    private static final int TEMPLATE = 3;
    private static final int LINE_COMMENT = 4;
    private static final int BLOCK_COMMENT = 5;

    private Js() {
    }

    static String effect(String before, String v) {
        int state = CODE;
        for (int i = 0; i < before.length(); i++) {
            char c = before.charAt(i);
            char next = i + 1 < before.length() ? before.charAt(i + 1) : '\0';
            int r = step(state, c, next);
            state = r & 0xff;
            i += r >>> 8;
        }
        int start = state;
        boolean leftString = false;
        int leftAt = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            char next = i + 1 < v.length() ? v.charAt(i + 1) : '\0';
            if (state == TEMPLATE && c == '$' && next == '{') {
                return "adds a ${...} substitution to a JavaScript template string";
            }
            if (state == CODE && (c == '(' || c == '`' || c == '=' && next != '=' || c == ';' && i + 1 < v.length())) {
                return start == CODE ? "writes JavaScript code " + Text.show(Text.clip(v, 40))
                        : "leaves a JavaScript string and adds code " + Text.show(Text.clip(v.substring(leftAt), 40));
            }
            int r = step(state, c, next);
            if ((state == SINGLE || state == DOUBLE || state == TEMPLATE) && (r & 0xff) == CODE) {
                leftString = true;
                leftAt = i;
            }
            state = r & 0xff;
            i += r >>> 8;
        }
        return leftString && v.indexOf('(') >= 0 ? "leaves a JavaScript string and adds a call" : null;
    }

    /** The new state, with the number of characters to skip after this one in bits 8 and up. */
    private static int step(int state, char c, char next) {
        switch (state) {
            case CODE:
                if (c == '\'') {
                    return SINGLE;
                }
                if (c == '"') {
                    return DOUBLE;
                }
                if (c == '`') {
                    return TEMPLATE;
                }
                if (c == '/' && next == '/') {
                    return LINE_COMMENT | 1 << 8;
                }
                if (c == '/' && next == '*') {
                    return BLOCK_COMMENT | 1 << 8;
                }
                return CODE;
            case SINGLE:
            case DOUBLE:
            case TEMPLATE:
                if (c == '\\') {
                    return state | 1 << 8;
                }
                if (c == '\'' && state == SINGLE || c == '"' && state == DOUBLE || c == '`' && state == TEMPLATE) {
                    return CODE;
                }
                if ((c == '\n' || c == '\r') && state != TEMPLATE) {
                    return CODE;
                }
                return state;
            case LINE_COMMENT:
                return c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029' ? CODE : LINE_COMMENT;
            case BLOCK_COMMENT:
                return c == '*' && next == '/' ? CODE | 1 << 8 : BLOCK_COMMENT;
            default:
                return CODE;
        }
    }
}
