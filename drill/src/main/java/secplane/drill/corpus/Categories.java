package secplane.drill.corpus;

import java.util.List;

/** The attack categories of the corpus, one file each ({@code corpus/<id>.json}), in report order. */
public final class Categories {
    public static final List<String> ALL = List.of("jndi", "spring4shell", "deserialization", "command", "sql", "path",
            "ssrf", "xxe", "ldap", "xpath", "expression", "xss", "exfiltration");

    /** The kinds of parameter a case can aim at; {@code any} means every parameter. */
    public static final List<String> KINDS = List.of("any", "text", "number", "url", "host", "file", "expression", "order",
            "limit", "email");

    private Categories() {
    }
}
