package secplane.drill.discovery;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Guesses what a parameter holds from its name (and, from OpenAPI, its type and format), so that a
 * payload goes where it can land: URLs to {@code url} parameters (SSRF), page sizes to {@code limit}
 * parameters (bulk export), and the benign run sends ordinary values of the right kind.
 */
public final class Kinds {
    private static final Pattern URL = Pattern.compile("url|uri|link|href|callback|webhook|redirect|redirect_?uri|return_?url|next|target|dest|destination|endpoint|feed|src|source_?url|image_?url|site");
    private static final Pattern LIMIT = Pattern.compile("limit|size|page_?size|per_?page|max|max_?results|top|rows|take|first|fetch_?size");
    private static final Pattern ORDER = Pattern.compile("order|sort|order_?by|sort_?by|sort_?field|orderby|sortby");
    private static final Pattern HOST = Pattern.compile("host|hostname|ip|addr|address|domain|server");
    private static final Pattern FILE = Pattern.compile("file|filename|file_?name|path|filepath|doc|document|download|attachment|template");
    private static final Pattern EXPRESSION = Pattern.compile("expr|expression|formula|el|spel|ognl|mvel");
    private static final Pattern EMAIL = Pattern.compile("e?mail|email_?address");
    private static final Pattern NUMBER = Pattern.compile("id|.*_id|.*[a-z]Id|count|age|quantity|qty|amount|year");

    private Kinds() {
    }

    public static String of(String name) {
        return of(name, null, null);
    }

    /** @param type OpenAPI schema type or null; @param format OpenAPI schema format or null */
    public static String of(String name, String type, String format) {
        if ("uri".equals(format) || "url".equals(format)) {
            return "url";
        }
        if ("email".equals(format)) {
            return "email";
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (LIMIT.matcher(n).matches()) {
            return "limit";
        }
        if (URL.matcher(n).matches()) {
            return "url";
        }
        if (ORDER.matcher(n).matches()) {
            return "order";
        }
        if (HOST.matcher(n).matches()) {
            return "host";
        }
        if (FILE.matcher(n).matches()) {
            return "file";
        }
        if (EXPRESSION.matcher(n).matches()) {
            return "expression";
        }
        if (EMAIL.matcher(n).matches()) {
            return "email";
        }
        if ("integer".equals(type) || "number".equals(type) || NUMBER.matcher(name).matches()) {
            return "number";
        }
        return "text";
    }
}
