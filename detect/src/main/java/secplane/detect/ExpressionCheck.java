package secplane.detect;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Expression language injection (CWE-917): an input that an expression engine (SpEL, OGNL, MVEL,
 * JEXL, Jakarta/Unified EL) evaluates as code. An input wholly inside one string literal, number,
 * name or the template text around {@code ${...}} is data. An input that is code is an attack when
 * it breaks out of a string literal, opens or closes an embedded expression, leaves brackets
 * unbalanced, or brings one of the language's constructs that reach Java: type references
 * ({@code T(...)}, OGNL {@code @Class@member}), constructors ({@code new}), context variables
 * ({@code #...}), bean references ({@code @bean}), and reflection, class-loading or process names
 * (getClass, forName, Runtime, ProcessBuilder, ...). Balanced arithmetic and comparisons without
 * those constructs are left alone: rule engines let users type them (docs/detectors.md).
 */
final class ExpressionCheck {
    static final String RULE = "expression.injection";

    /** Names that reach reflection, class loading, processes or scripting from any of the languages. */
    private static final Set<String> DANGEROUS_NAMES = new HashSet<>(Arrays.asList(
            "getClass", "forName", "Runtime", "getRuntime", "ProcessBuilder", "exec", "ClassLoader", "loadClass",
            "defineClass", "getClassLoader", "invoke", "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods",
            "getDeclaredField", "getDeclaredFields", "getField", "newInstance", "getConstructor", "getDeclaredConstructor",
            "getDeclaredConstructors", "setAccessible", "ScriptEngineManager", "getEngineByName", "eval", "URLClassLoader",
            "System", "getenv", "setProperty", "Thread", "Unsafe", "MethodHandles", "JavaWrapper",
            "_memberAccess", "InitialContext", "ObjectInputStream", "FileOutputStream", "FileInputStream",
            "Files", "ProcessImpl", "UNIXProcess", "JdbcRowSetImpl", "TemplatesImpl", "BCELClassLoader",
            "getResource", "getResourceAsStream", "class", "pageContext", "servletContext", "applicationScope", "Nashorn",
            "readAllBytes", "ognl", "OgnlContext", "excludedClasses", "excludedPackageNames", "setMemberAccess", "DEFAULT_MEMBER_ACCESS",
            "getResponse", "getWriter", "getOutputStream", "getServletContext", "getBean"));

    private ExpressionCheck() {
    }

    static Verdict check(String raw, String language, List<Input> inputs) {
        String expr = Text.cap(raw);
        String lang = language == null ? "spel" : language.trim().toLowerCase(Locale.ROOT);
        Tokens tokens = null;
        for (int k = 0; k < inputs.size(); k++) {
            Input in = inputs.get(k);
            if (in == null) {
                continue;
            }
            String v = Text.matchable(in);
            if (v.length() < 2 || Text.blank(v)) {
                continue;
            }
            int s = expr.indexOf(v);
            for (int found = 0; s >= 0 && found < Text.MAX_OCCURRENCES; found++, s = expr.indexOf(v, s + 1)) {
                if (tokens == null) {
                    tokens = ExpressionLexer.lex(expr, lang);
                }
                Verdict verdict = occurrence(tokens, lang, in, s, s + v.length());
                if (verdict != null) {
                    return verdict;
                }
            }
        }
        return Verdict.none();
    }

    private static Verdict occurrence(Tokens t, String lang, Input in, int s, int e) {
        int first = Structure.first(t, s);
        int last = Structure.last(t, e);
        if (first > last) {
            return null;
        }
        String danger = dangerous(t, lang, first, last, s, e);
        if (danger != null) {
            return attack(t, lang, in, s, e, first, last, "dangerous-construct", danger);
        }
        if (first == last) {
            int type = t.type(first);
            if (type == Tokens.STRING && t.unterminated(first) && hasQuote(t.text, s, e)) {
                return attack(t, lang, in, s, e, first, last, "structure", "leaves a string literal open");
            }
            return null;
        }
        if (last == first + 1 && (t.isOperator(first, '-') || t.isOperator(first, '+')) && t.type(last) == Tokens.NUMBER) {
            return null;
        }
        int ft = t.type(first);
        int lt = t.type(last);
        if ((ft == Tokens.STRING || ft == Tokens.TEXT) && Structure.breaksOut(t, first, s, e)) {
            return attack(t, lang, in, s, e, first, last, "structure",
                    (ft == Tokens.TEXT ? "leaves the template text and adds " : "closes a string literal and adds ") + Text.show(Structure.added(t, first + 1, last, e)));
        }
        if ((lt == Tokens.STRING || lt == Tokens.TEXT) && Structure.breaksIn(t, last, s, e)) {
            return attack(t, lang, in, s, e, first, last, "structure", "opens a string literal the expression closes later");
        }
        for (int i = first; i <= last; i++) {
            if (t.type(i) == Tokens.DELIMITER) {
                return attack(t, lang, in, s, e, first, last, "structure",
                        "adds the expression delimiter " + Text.show(t.text(i)) + ", so text becomes code");
            }
        }
        if (!balanced(t, first, last)) {
            return attack(t, lang, in, s, e, first, last, "structure",
                    "has unbalanced brackets that close the code around it " + Text.show(Structure.added(t, first, last, e)));
        }
        return null;
    }

    /** A construct of {@code lang} that reaches Java, among the code tokens the input wrote; a phrase or null. */
    private static String dangerous(Tokens t, String lang, int first, int last, int s, int e) {
        String nested = null;
        for (int i = first; i <= last; i++) {
            int type = t.type(i);
            if (t.start(i) < s || t.end(i) > e) {
                continue;
            }
            String tok = t.text(i);
            if (type == Tokens.WORD) {
                if (tok.equals("T") && t.isOperator(i + 1, '(') && (lang.startsWith("spel") || lang.equals("el"))) {
                    return "adds the type reference T(" + qualifiedName(t, i + 2) + ")";
                }
                if (tok.equals("new") && i + 1 < t.count() && (t.type(i + 1) == Tokens.WORD || t.isOperator(i + 1, '('))) {
                    return "adds the constructor call 'new " + (t.type(i + 1) == Tokens.WORD ? qualifiedName(t, i + 1) : "(...)") + "'";
                }
                if (DANGEROUS_NAMES.contains(tok) && (t.isOperator(i - 1, '.') || t.isOperator(i + 1, '(') || t.isOperator(i + 1, '.')
                        || t.isOperator(i - 1, '@') || t.isOperator(i + 1, '@'))) {
                    return "reaches " + tok;
                }
                if ((tok.equals("java") || tok.equals("javax") || tok.equals("jdk") || tok.equals("sun")) && t.isOperator(i + 1, '.')) {
                    return "names the Java class " + qualifiedName(t, i);
                }
            } else if (type == Tokens.STRING) {
                String inner = tok.length() >= 2 ? tok.substring(1, tok.length() - 1) : tok;
                if (DANGEROUS_NAMES.contains(inner) && (t.isOperator(i - 1, '[') || t.isOperator(i + 1, ']'))) {
                    return "reaches " + inner + " through an index";
                }
            } else if (type == Tokens.OPERATOR) {
                char c = tok.charAt(0);
                if (c == '#' && i + 1 < t.count() && !lang.equals("el")) {
                    return "accesses the evaluation context with '#" + (t.type(i + 1) == Tokens.WORD ? t.text(i + 1) : "") + "'";
                }
                if (c == '@' && i + 1 < t.count() && t.type(i + 1) == Tokens.WORD && t.start(i + 1) == t.end(i)) {
                    return lang.equals("ognl") ? "adds the static member access '@" + qualifiedName(t, i + 1) + "@'" : "references the bean '@" + t.text(i + 1) + "'";
                }
            } else if (type == Tokens.DELIMITER && nested == null && (tok.startsWith("${") || tok.startsWith("#{")) && !lang.startsWith("spel") && first != last) {
                nested = "adds the nested expression " + Text.show(tok + "...}");
            }
        }
        return nested;
    }

    /** {@code a.b.c} from token {@code i}: words joined by dots. */
    private static String qualifiedName(Tokens t, int i) {
        StringBuilder sb = new StringBuilder();
        while (i < t.count() && t.type(i) == Tokens.WORD && sb.length() < 80) {
            sb.append(t.text(i));
            if (!t.isOperator(i + 1, '.') || i + 2 >= t.count() || t.type(i + 2) != Tokens.WORD) {
                break;
            }
            sb.append('.');
            i += 2;
        }
        return sb.toString();
    }

    private static boolean balanced(Tokens t, int first, int last) {
        int depth = 0;
        for (int i = first; i <= last; i++) {
            if (t.type(i) != Tokens.OPERATOR) {
                continue;
            }
            char c = t.text.charAt(t.start(i));
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (--depth < 0) {
                    return false;
                }
            }
        }
        return depth == 0;
    }

    private static String languageName(String lang) {
        switch (lang) {
            case "spel":
                return "a SpEL";
            case "spel-template":
                return "a SpEL template";
            case "ognl":
                return "an OGNL";
            case "mvel":
                return "an MVEL";
            case "jexl":
                return "a JEXL";
            case "el":
                return "an EL";
            default:
                return "a " + lang;
        }
    }

    private static boolean hasQuote(String text, int s, int e) {
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                return true;
            }
        }
        return false;
    }

    private static Verdict attack(Tokens t, String lang, Input in, int s, int e, int first, int last, String technique, String phrase) {
        String expected = Structure.expected(t, first, last, s);
        String actual = Structure.actual(t, first, last);
        return Verdict.attack(RULE, in, Text.who(in) + " " + phrase + " in " + languageName(lang) + " expression: the tokens change from " + expected + " to " + actual,
                "technique", technique, "language", lang, "expression", Structure.excerpt(t.text, s, e), "tokens.expected", expected,
                "tokens.actual", actual, "offset", s);
    }
}
