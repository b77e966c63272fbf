package secplane.detect;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Quote-aware scans of the program text a shell or interpreter runs, deciding what an input at
 * {@code [s, e)} does there. Each returns a phrase ("adds the shell operator ';'") or null when
 * the input stays one quoted or plain word. The quoting rules are POSIX sh (XCU 2.2 "Quoting",
 * 2.3 "Token Recognition"), cmd.exe ({@code ^} escapes, {@code "} toggles) and PowerShell
 * (about_Quoting_Rules, about_Special_Characters).
 */
final class Shell {
    private static final int NORMAL = 0;
    private static final int SINGLE = 1;
    private static final int DOUBLE = 2;

    private Shell() {
    }

    static String posix(String script, int s, int e) {
        int state = NORMAL;
        boolean split = false;
        for (int i = 0; i < e && i < script.length(); i++) {
            char c = script.charAt(i);
            char next = i + 1 < script.length() ? script.charAt(i + 1) : '\0';
            boolean mine = i >= s;
            if (state == SINGLE) {
                if (c == '\'') {
                    state = NORMAL;
                }
            } else if (state == DOUBLE) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    state = NORMAL;
                } else if (mine && (c == '`' || c == '$' && (next == '(' || next == '{'))) {
                    return "adds the command substitution " + Text.show(c == '`' ? "`" : "$" + next) + " inside double quotes";
                }
            } else {
                if (c == '\\') {
                    i++;
                } else if (c == '\'') {
                    state = SINGLE;
                } else if (c == '"') {
                    state = DOUBLE;
                } else if (mine && (c == ';' || c == '&' || c == '|' || c == '\n' || c == '<' || c == '>' || c == '(' || c == ')')) {
                    return "adds the shell operator " + Text.show(c == '\n' ? "\n" : c == next && (c == '&' || c == '|') ? "" + c + c : "" + c);
                } else if (mine && (c == '`' || c == '$' && (next == '(' || next == '{'))) {
                    return "adds the command substitution " + Text.show(c == '`' ? "`" : "$" + next);
                } else if (mine && c == '#' && (i == 0 || script.charAt(i - 1) == ' ' || script.charAt(i - 1) == '\t')) {
                    return "adds a shell comment that hides the rest of the command";
                } else if (mine && (c == ' ' || c == '\t') && i > s && i + 1 < e && !blankAt(script, i - 1) && !blankAt(script, i + 1)) {
                    split = true;
                }
            }
        }
        if (split && !CommandCheck.plainOperands(java.util.Arrays.asList(script.substring(s, Math.min(e, script.length())).trim().split("[ \t]+")))) {
            return "splits into extra shell words";
        }
        return null;
    }

    static String cmd(String script, int s, int e) {
        boolean quoted = false;
        boolean split = false;
        for (int i = 0; i < e && i < script.length(); i++) {
            char c = script.charAt(i);
            boolean mine = i >= s;
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '^') {
                i++;
            } else if (!quoted && mine && (c == '&' || c == '|' || c == '<' || c == '>' || c == '\n' || c == '\r')) {
                return "adds the cmd.exe operator " + Text.show("" + c);
            } else if (!quoted && mine && c == ' ' && i > s && i + 1 < e && !blankAt(script, i - 1) && !blankAt(script, i + 1)) {
                split = true;
            }
        }
        return split ? "splits into extra cmd.exe words" : null;
    }

    static String powershell(String script, int s, int e) {
        int state = NORMAL;
        boolean split = false;
        for (int i = 0; i < e && i < script.length(); i++) {
            char c = script.charAt(i);
            char next = i + 1 < script.length() ? script.charAt(i + 1) : '\0';
            boolean mine = i >= s;
            if (state == SINGLE) {
                if (c == '\'' && next == '\'') {
                    i++;
                } else if (c == '\'' || c == '\u2018' || c == '\u2019') {
                    state = NORMAL;
                }
            } else if (state == DOUBLE) {
                if (c == '`') {
                    i++;
                } else if (c == '"' && next == '"') {
                    i++;
                } else if (c == '"' || c == '\u201c' || c == '\u201d') {
                    state = NORMAL;
                } else if (mine && c == '$' && next == '(') {
                    return "adds the subexpression '$(' inside double quotes";
                }
            } else {
                if (c == '`') {
                    i++;
                } else if (c == '\'' || c == '\u2018' || c == '\u2019') {
                    state = SINGLE;
                } else if (c == '"' || c == '\u201c' || c == '\u201d') {
                    state = DOUBLE;
                } else if (mine && (c == ';' || c == '|' || c == '&' || c == '\n' || c == '(' || c == ')' || c == '{' || c == '}')) {
                    return "adds the PowerShell operator " + Text.show("" + c);
                } else if (mine && c == '$' && next == '(') {
                    return "adds the subexpression '$('";
                } else if (mine && c == ' ' && i > s && i + 1 < e && !blankAt(script, i - 1) && !blankAt(script, i + 1)) {
                    split = true;
                }
            }
        }
        return split ? "splits into extra PowerShell words" : null;
    }

    /**
     * Program text of an interpreter (-c, -e): C-like strings with backslash escapes. The input
     * must stay inside one string literal, or be a plain word or number.
     */
    static String code(String script, int s, int e) {
        int state = NORMAL;
        int stateAtStart = -1;
        for (int i = 0; i < e && i < script.length(); i++) {
            if (i == s) {
                stateAtStart = state;
            }
            char c = script.charAt(i);
            boolean mine = i >= s;
            if (state != NORMAL) {
                if (c == '\\') {
                    i++;
                } else if (c == '\'' && state == SINGLE || c == '"' && state == DOUBLE) {
                    state = NORMAL;
                    if (mine && i + 1 < e) {
                        return "closes a string literal in the program text";
                    }
                }
            } else if (c == '\'') {
                state = SINGLE;
            } else if (c == '"') {
                state = DOUBLE;
            } else if (mine && !(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ' ' || c == '-')) {
                return "adds " + Text.show("" + c) + " to the program text";
            }
        }
        return stateAtStart == NORMAL && state != NORMAL ? "opens a string literal in the program text" : null;
    }

    /** {@code -EncodedCommand} takes Base64 of UTF-16LE text. */
    static String decodePowerShell(String b64) {
        try {
            return new String(Base64.getDecoder().decode(b64.trim()), StandardCharsets.UTF_16LE);
        } catch (IllegalArgumentException notBase64) {
            return b64;
        }
    }

    private static boolean blankAt(String s, int i) {
        char c = s.charAt(i);
        return c == ' ' || c == '\t';
    }
}
