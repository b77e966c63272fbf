package secplane.aspects.injection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import secplane.aspect.AbstractAspect;
import secplane.aspect.Finding;
import secplane.aspect.HttpRequest;
import secplane.aspect.JoinPoint;
import secplane.aspect.Mode;
import secplane.aspect.RequestInput;
import secplane.aspect.Rule;
import secplane.detect.Detectors;
import secplane.detect.Dialect;
import secplane.detect.Input;
import secplane.detect.Verdict;

/**
 * Injection (OWASP A03:2021) decided from the request that caused the call: at each sink, the
 * detectors ({@code secplane.detect}, bundled in this aspect's jar) are asked whether one of the
 * current request's inputs reached the sink's argument in a way that changes its structure or
 * meaning. Outside a request nothing is checked: a sink called by the application's own background
 * work costs one null test.
 *
 * <p>Within one request each distinct sink argument is checked once: an ORM that prepares the same
 * statement twice, or a URL opened and then connected, is judged the first time.
 */
public final class InjectionAspect extends AbstractAspect {
    static final String SQL = "sql.injection";
    static final String COMMAND = "command.injection";
    static final String PATH = "path.traversal";
    static final String SSRF = "ssrf";
    static final String XXE = "xxe";
    static final String LDAP = "ldap.injection";
    static final String XPATH = "xpath.injection";
    static final String EXPRESSION = "expression.injection";
    static final String XSS = "xss.reflected";

    /** Attachment keys on the request. */
    private static final String INPUTS = "injection.inputs";
    private static final String CHECKED = "injection.checked";
    private static final String RESPONSE = "injection.response";
    /** Most distinct sink arguments remembered per request. */
    private static final int MAX_CHECKED = 256;
    /** Characters of the response before a chunk that the reflected-XSS check sees with it. */
    private static final int RESPONSE_OVERLAP = 2048;
    /** Longest sink argument written into an event. */
    private static final int ARGUMENT_CHARS = 512;

    private static final Set<String> JOIN_POINTS = Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(
            "http.request", "sql.execute", "process.start", "file.read", "file.write", "file.list", "file.delete",
            "net.connect", "xml.parse", "ldap.search", "xpath.eval", "expression.eval", "http.response")));

    @Override
    public Set<String> joinPoints() {
        return JOIN_POINTS;
    }

    @Override
    public List<Rule> rules() {
        return Arrays.asList(
                new Rule(SQL, Mode.BLOCK, "a request input changes the structure of an SQL statement (CWE-89)"),
                new Rule(COMMAND, Mode.BLOCK, "a request input adds commands or options to a process start (CWE-78, CWE-88)"),
                new Rule(PATH, Mode.BLOCK, "a request input leads a file access out of its directory (CWE-22)"),
                new Rule(SSRF, Mode.BLOCK, "a request input sends a server-side fetch to an internal address or a local scheme (CWE-918)"),
                new Rule(XXE, Mode.BLOCK, "a request input brings an XML document with external entities to a parser (CWE-611)"),
                new Rule(LDAP, Mode.BLOCK, "a request input changes the structure of an LDAP search filter (CWE-90)"),
                new Rule(XPATH, Mode.BLOCK, "a request input changes the structure of an XPath expression (CWE-643)"),
                new Rule(EXPRESSION, Mode.BLOCK, "a request input becomes code in an expression language (CWE-917)"),
                new Rule(XSS, Mode.OBSERVE, "a request input is reflected into an HTML response as markup or script (CWE-79)"));
    }

    @Override
    public Finding inspect(JoinPoint jp) {
        HttpRequest request = jp.request();
        if (request == null) {
            return null;
        }
        String name = jp.name();
        if (name.equals("http.request")) {
            return null; // subscribing turns request recording on; the inputs are read at the sinks
        }
        List<Input> inputs = inputs(request);
        if (inputs.isEmpty()) {
            return null;
        }
        Object[] args = jp.args();
        String argument;
        Verdict verdict;
        switch (name) {
            case "sql.execute":
                argument = (String) args[0];
                if (checkedBefore(request, name, argument)) {
                    return null;
                }
                verdict = Detectors.sql(argument, Dialect.fromJdbcUrl((String) args[1]), inputs);
                break;
            case "process.start":
                List<String> argv = Arrays.asList((String[]) args[0]);
                argument = String.join(" ", argv);
                verdict = Detectors.command(null, argv, inputs);
                break;
            case "file.read":
            case "file.write":
            case "file.list":
            case "file.delete":
                argument = args.length > 2 ? (String) args[2] : (String) args[0];
                if (checkedBefore(request, name, argument)) {
                    return null;
                }
                verdict = Detectors.path(argument, inputs);
                break;
            case "net.connect":
                argument = (String) args[0];
                if (checkedBefore(request, name, argument)) {
                    return null;
                }
                verdict = Detectors.ssrf(argument, inputs, null).verdict();
                break;
            case "xml.parse":
                byte[] prefix = (byte[]) args[1];
                int length = (Integer) args[2];
                if (prefix == null || length <= 0) {
                    return null;
                }
                argument = new String(prefix, 0, Math.min(length, ARGUMENT_CHARS), java.nio.charset.StandardCharsets.UTF_8);
                verdict = Detectors.xml(prefix, length, inputs);
                break;
            case "ldap.search":
                argument = (String) args[0];
                if (checkedBefore(request, name, argument)) {
                    return null;
                }
                verdict = Detectors.ldap(argument, inputs);
                break;
            case "xpath.eval":
                argument = (String) args[0];
                if (checkedBefore(request, name, argument)) {
                    return null;
                }
                verdict = Detectors.xpath(argument, inputs);
                break;
            case "expression.eval":
                argument = (String) args[0];
                if (checkedBefore(request, name, argument)) {
                    return null;
                }
                verdict = Detectors.expression(argument, (String) args[1], inputs);
                break;
            case "http.response":
                // reflected XSS needs an HTML context; JSON, CSV and text bodies reach the join point for data governance
                if (!String.valueOf(args[1]).toLowerCase(java.util.Locale.ROOT).startsWith("text/html")) {
                    return null;
                }
                return reflected(request, (String) args[0], inputs);
            default:
                return null;
        }
        if (!verdict.attack()) {
            remember(request, name, argument);
        }
        return finding(name, argument, verdict);
    }

    /**
     * The response body is checked chunk by chunk with the end of what was written before it, so that
     * a tag split over two writes is still seen; one finding per response is enough.
     */
    private static Finding reflected(HttpRequest request, String chunk, List<Input> inputs) {
        StringBuilder before;
        synchronized (request) {
            Object state = request.attachment(RESPONSE);
            if (state == Boolean.TRUE) {
                return null; // already reported for this response
            }
            before = state instanceof StringBuilder ? (StringBuilder) state : new StringBuilder();
            request.attach(RESPONSE, before);
        }
        String window = before + chunk;
        Verdict v = Detectors.xss(window, inputs);
        before.setLength(0);
        before.append(window, Math.max(0, window.length() - RESPONSE_OVERLAP), window.length());
        if (!v.attack()) {
            return null;
        }
        request.attach(RESPONSE, Boolean.TRUE);
        return finding("http.response", chunk, v);
    }

    private static Finding finding(String joinPoint, String argument, Verdict v) {
        if (!v.attack()) {
            return null;
        }
        Input in = v.input();
        List<String> evidence = new ArrayList<>();
        evidence.add("input.source");
        evidence.add(in.source());
        evidence.add("input.name");
        evidence.add(clip(in.name(), 256));
        evidence.add("input.value");
        evidence.add(clip(in.value(), 256));
        evidence.add("sink");
        evidence.add(joinPoint);
        evidence.add("argument");
        evidence.add(clip(argument, ARGUMENT_CHARS));
        evidence.add("reason");
        evidence.add(v.reason());
        for (Map.Entry<String, Object> e : v.evidence().entrySet()) {
            if (!e.getKey().startsWith("input.")) {
                evidence.add(e.getKey());
                evidence.add(String.valueOf(e.getValue()));
            }
        }
        return Finding.of(v.rule(), v.reason(), evidence.toArray(new String[0]));
    }

    private static String clip(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max) + "...";
    }

    /** The request's inputs in the detectors' type, converted once per version of the request's list. */
    private static List<Input> inputs(HttpRequest request) {
        List<RequestInput> raw = request.inputs();
        Object cached = request.attachment(INPUTS);
        if (cached instanceof Object[] && ((Object[]) cached)[0] == raw) {
            @SuppressWarnings("unchecked")
            List<Input> converted = (List<Input>) ((Object[]) cached)[1];
            return converted;
        }
        List<Input> converted = new ArrayList<>(raw.size());
        for (RequestInput r : raw) {
            converted.add(new Input(r.source(), r.name(), r.value()));
        }
        converted = Collections.unmodifiableList(converted);
        request.attach(INPUTS, new Object[] {raw, converted});
        // a sink argument judged against fewer inputs is judged again
        request.attach(CHECKED, null);
        return converted;
    }

    /** Whether this sink argument was already judged harmless in this request. */
    @SuppressWarnings("unchecked")
    private static boolean checkedBefore(HttpRequest request, String joinPoint, String argument) {
        if (argument == null) {
            return true;
        }
        synchronized (request) {
            Set<String> seen = (Set<String>) request.attachment(CHECKED);
            return seen != null && seen.contains(joinPoint + '\u0000' + argument);
        }
    }

    /** Remembers a harmless sink argument (an attack is judged again each time, so a retry is blocked too). */
    @SuppressWarnings("unchecked")
    private static void remember(HttpRequest request, String joinPoint, String argument) {
        if (argument == null) {
            return;
        }
        synchronized (request) {
            Set<String> seen = (Set<String>) request.attachment(CHECKED);
            if (seen == null) {
                seen = new HashSet<>();
                request.attach(CHECKED, seen);
            }
            if (seen.size() < MAX_CHECKED) {
                seen.add(joinPoint + '\u0000' + argument);
            }
        }
    }
}
