package secplane.detect;

import java.util.List;

/**
 * LDAP injection (CWE-90): an input that changes the structure of a search filter (RFC 4515) or
 * a distinguished name (RFC 4514) instead of staying inside one assertion value or attribute
 * value. A filter is lexed into parentheses, the operators {@code & | !}, attribute descriptions,
 * the match types {@code = ~= >= <= :=} and values (which keep their {@code \xx} escapes and
 * {@code *} wildcards); a DN into attribute types, {@code =}, values and the separators
 * {@code , ; +}.
 */
final class LdapCheck {
    static final String RULE = "ldap.injection";

    private LdapCheck() {
    }

    static Verdict check(String raw, List<Input> inputs) {
        String filter = Text.cap(raw);
        Tokens tokens = null;
        boolean isFilter = filter.trim().startsWith("(");
        for (int k = 0; k < inputs.size(); k++) {
            Input in = inputs.get(k);
            if (in == null) {
                continue;
            }
            String v = Text.matchable(in);
            if (v.isEmpty() || Text.blank(v)) {
                continue;
            }
            if (v.length() < 2 && !v.equals("*")) {
                continue;
            }
            int s = filter.indexOf(v);
            for (int found = 0; s >= 0 && found < Text.MAX_OCCURRENCES; found++, s = filter.indexOf(v, s + 1)) {
                if (tokens == null) {
                    tokens = isFilter ? lexFilter(filter) : lexDn(filter);
                }
                Verdict verdict = occurrence(tokens, in, v, s, s + v.length(), isFilter);
                if (verdict != null) {
                    return verdict;
                }
            }
        }
        return Verdict.none();
    }

    private static Verdict occurrence(Tokens t, Input in, String v, int s, int e, boolean isFilter) {
        String kind = isFilter ? "filter" : "DN";
        if (v.indexOf('\0') >= 0) {
            return attack(t, in, s, e, Structure.first(t, s), Structure.last(t, e), "nul",
                    "puts a NUL character into the " + kind + ", which ends it early in C-based servers");
        }
        int first = Structure.first(t, s);
        int last = Structure.last(t, e);
        if (first > last) {
            return null;
        }
        if (first == last) {
            // A value made only of wildcards turns an equality test into "attribute is present": matches every entry.
            String tok = t.text(first);
            if (isFilter && t.type(first) == Tokens.TEXT && onlyStars(v) && onlyStars(tok.trim())) {
                return attack(t, in, s, e, first, last, "wildcard", "is a lone '*' that makes the assertion match every entry");
            }
            if (isFilter && t.type(first) == Tokens.TEXT && v.indexOf('*') >= 0 && identityAssertion(t, first)) {
                return attack(t, in, s, e, first, last, "wildcard",
                        "puts '*' into the value of " + t.text(first - 2) + ", turning a lookup of one identity into a match of every entry it prefixes");
            }
            return null;
        }
        if (isFilter && literalParentheses(t, first, last, s, e, v)) {
            return null;
        }
        String phrase;
        if (Structure.breaksOut(t, first, s, e)) {
            phrase = "closes the " + (isFilter ? "assertion value" : "attribute value") + " and adds " + Text.show(Structure.added(t, first + 1, last, e));
        } else {
            phrase = "spans " + (last - first + 1) + " " + kind + " tokens " + Text.show(Structure.added(t, first, last, e));
        }
        return attack(t, in, s, e, first, last, "structure", phrase);
    }

    private static Verdict attack(Tokens t, Input in, int s, int e, int first, int last, String technique, String phrase) {
        String reason;
        String expected = null;
        String actual = null;
        if (first <= last && first < t.count()) {
            expected = Structure.expected(t, first, last, s);
            actual = Structure.actual(t, first, last);
            reason = Text.who(in) + " " + phrase + ": the structure changes from " + expected + " to " + actual;
        } else {
            reason = Text.who(in) + " " + phrase;
        }
        return Verdict.attack(RULE, in, reason, "technique", technique, "filter", Structure.excerpt(t.text, s, e),
                "tokens.expected", expected, "tokens.actual", actual, "offset", s);
    }

    /**
     * Attributes that name one identity: an equality test on them is a lookup of one entry (a login,
     * a group membership), never a search, so a wildcard from input widens it (OWASP LDAP injection,
     * the {@code uid=a*} login bypass). Names of people ({@code cn}, {@code sn}, {@code mail}) are
     * searched with wildcards users type on purpose and are not listed.
     */
    private static final java.util.Set<String> IDENTITY_ATTRIBUTES = new java.util.HashSet<>(java.util.Arrays.asList(
            "uid", "samaccountname", "userprincipalname", "userpassword", "unicodepwd", "employeeid", "employeenumber",
            "uidnumber", "gidnumber", "objectsid", "objectguid", "member", "memberof", "uniquemember", "distinguishedname",
            "entrydn", "krbprincipalname", "ipauniqueid", "serialnumber", "entryuuid", "nsuniqueid"));

    /** Token {@code i} is the value of an equality item on an identity attribute: {@code ( attr = value}. */
    private static boolean identityAssertion(Tokens t, int i) {
        return i >= 2 && t.type(i - 2) == Tokens.WORD && "=".equals(t.text(i - 1))
                && IDENTITY_ATTRIBUTES.contains(t.text(i - 2).trim().toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Parentheses the input brings in balanced pairs, with no match type ({@code = ~= >= <= :=}) and
     * no {@code & | !} among its tokens: {@code John (Jack) Smith}. It adds no assertion and no
     * operator, so it cannot change what the search matches: a strict filter parser (UnboundID)
     * refuses the filter, a lenient one (JNDI) reads the parentheses as part of the value.
     */
    private static boolean literalParentheses(Tokens t, int first, int last, int s, int e, String v) {
        int depth = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth < 0) {
                return false;
            } else if (c == '&' || c == '|' || c == '!' || c == '=') {
                return false;
            }
        }
        if (depth != 0) {
            return false;
        }
        for (int i = first; i <= last; i++) {
            if (t.start(i) >= s && t.end(i) <= e && t.type(i) == Tokens.OPERATOR && "()".indexOf(t.text(i).charAt(0)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyStars(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '*') {
                return false;
            }
        }
        return true;
    }

    /** RFC 4515 §3: filter = "(" filtercomp ")"; item = attr filtertype assertionvalue; values escape with \HH. */
    static Tokens lexFilter(String f) {
        Tokens t = new Tokens(f);
        int n = f.length();
        int i = 0;
        while (i < n) {
            char c = f.charAt(i);
            if (c == '(' || c == ')' || c == '&' || c == '|' || c == '!') {
                t.add(Tokens.OPERATOR, i, i + 1);
                i++;
                if (c == '(') {
                    i = item(f, i, t);
                }
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                int start = i;
                while (i < n && "()&|!".indexOf(f.charAt(i)) < 0) {
                    i++;
                }
                t.add(Tokens.TEXT, start, i);
            }
        }
        return t;
    }

    /** After '(': an item (attribute, match type, value) unless a composite operator or '(' follows. */
    private static int item(String f, int i, Tokens t) {
        int n = f.length();
        while (i < n && f.charAt(i) == ' ') {
            i++;
        }
        if (i >= n || "()&|!".indexOf(f.charAt(i)) >= 0) {
            return i;
        }
        int start = i;
        while (i < n && "=~<>:()".indexOf(f.charAt(i)) < 0) {
            i++;
        }
        if (i > start) {
            t.add(Tokens.WORD, start, i);
        }
        int op = i;
        if (i < n && f.charAt(i) == ':') {
            // extensible match: attr:dn:rule:=value
            while (i < n && f.charAt(i) != '=' && f.charAt(i) != '(' && f.charAt(i) != ')') {
                i++;
            }
        } else if (i < n && "~<>".indexOf(f.charAt(i)) >= 0) {
            i++;
        }
        if (i < n && f.charAt(i) == '=') {
            i++;
            t.add(Tokens.OPERATOR, op, i);
        } else if (i > op) {
            t.add(Tokens.OPERATOR, op, i);
        }
        int vstart = i;
        while (i < n && f.charAt(i) != ')' && f.charAt(i) != '(') {
            i++;
        }
        if (i > vstart) {
            t.add(Tokens.TEXT, vstart, i);
        }
        return i;
    }

    /** RFC 4514 §3: RDNs separated by ',' (or ';'), attribute-value pairs joined by '+', '\' escapes one character or a hex pair. */
    static Tokens lexDn(String dn) {
        Tokens t = new Tokens(dn);
        int n = dn.length();
        int i = 0;
        boolean value = false;
        while (i < n) {
            char c = dn.charAt(i);
            if (c == ',' || c == ';' || c == '+') {
                t.add(Tokens.OPERATOR, i, i + 1);
                i++;
                value = false;
            } else if (c == '=' && !value) {
                t.add(Tokens.OPERATOR, i, i + 1);
                i++;
                value = true;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else {
                int start = i;
                if (value && c == '"') {
                    i++;
                    while (i < n && dn.charAt(i) != '"') {
                        i += dn.charAt(i) == '\\' ? 2 : 1;
                    }
                    i = Math.min(n, i + 1);
                } else {
                    while (i < n) {
                        char d = dn.charAt(i);
                        if (d == '\\') {
                            i += 2;
                            continue;
                        }
                        if (d == ',' || d == ';' || d == '+' || (d == '=' && !value)) {
                            break;
                        }
                        i++;
                    }
                    i = Math.min(i, n);
                    int end = i;
                    while (end > start && dn.charAt(end - 1) == ' ') {
                        end--;
                    }
                    t.add(value ? Tokens.TEXT : Tokens.WORD, start, end);
                    continue;
                }
                t.add(value ? Tokens.TEXT : Tokens.WORD, start, i);
            }
        }
        return t;
    }
}
