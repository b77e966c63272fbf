package secplane.detect;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The injection detectors: each takes a sink's argument and the current request's inputs and says
 * whether an input reached the sink in a way that changes its structure or meaning
 * (docs/detectors.md). Stateless and thread-safe. No method throws: a null argument or empty
 * inputs give {@link Verdict#none()}, and so does a bug in a check, which is counted in
 * {@link #failures()}.
 *
 * <p>Work per call is capped: an input is matched on its first {@value Text#INPUT_CAP} characters,
 * a sink argument (statement, command, path, URL, document, filter, expression, HTML chunk) is
 * checked on its first {@value Text#SINK_CAP} characters, and at most
 * {@value Text#MAX_OCCURRENCES} occurrences of one input are examined.
 */
public final class Detectors {
    private static final AtomicLong FAILURES = new AtomicLong();
    private static volatile Throwable lastFailure;

    private Detectors() {
    }

    /** {@code sql.injection}: the statement as given to the JDBC driver. */
    public static Verdict sql(String statement, Dialect dialect, List<Input> inputs) {
        if (statement == null || !Text.anyCandidate(inputs)) {
            return Verdict.none();
        }
        try {
            return SqlCheck.check(statement, dialect == null ? Dialect.GENERIC : dialect, inputs);
        } catch (Throwable bug) {
            return failed(bug);
        }
    }

    /**
     * {@code command.injection}: {@code argv} as given to ProcessBuilder, or null/empty with
     * {@code commandOrNull} the string given to {@code Runtime.exec(String)}; with both, argv is what
     * runs and the string is what the code split.
     */
    public static Verdict command(String commandOrNull, List<String> argv, List<Input> inputs) {
        if (commandOrNull == null && (argv == null || argv.isEmpty()) || !Text.anyCandidate(inputs)) {
            return Verdict.none();
        }
        try {
            return CommandCheck.check(commandOrNull, argv, inputs);
        } catch (Throwable bug) {
            return failed(bug);
        }
    }

    /** {@code path.traversal}: the path as given to the file API (open, read, write, list, delete). */
    public static Verdict path(String path, List<Input> inputs) {
        if (path == null || !Text.anyCandidate(inputs)) {
            return Verdict.none();
        }
        try {
            return PathCheck.check(path, inputs);
        } catch (Throwable bug) {
            return failed(bug);
        }
    }

    /**
     * {@code ssrf}: the URL about to be fetched. Resolves the host once with {@code resolver} (null:
     * {@link Resolver#SYSTEM}) when it came from an input; connect to {@link SsrfCheck#addresses()}.
     */
    public static SsrfCheck ssrf(String url, List<Input> inputs, Resolver resolver) {
        if (url == null || !Text.anyCandidate(inputs)) {
            return SsrfCheck.none();
        }
        try {
            return SsrfCheck.check(url, inputs, resolver == null ? Resolver.SYSTEM : resolver);
        } catch (Throwable bug) {
            failed(bug);
            return SsrfCheck.none();
        }
    }

    /** {@code xxe}: the first {@code length} bytes of a document about to be parsed, in any encoding XML allows. */
    public static Verdict xml(byte[] documentPrefix, int length, List<Input> inputs) {
        if (documentPrefix == null || length <= 0 || !Text.anyCandidate(inputs)) {
            return Verdict.none();
        }
        try {
            return XmlCheck.check(documentPrefix, length, inputs);
        } catch (Throwable bug) {
            return failed(bug);
        }
    }

    /** {@code xxe}: a document about to be parsed, already as text. */
    public static Verdict xml(String document, List<Input> inputs) {
        if (document == null || !Text.anyCandidate(inputs)) {
            return Verdict.none();
        }
        try {
            return XmlCheck.check(document, inputs);
        } catch (Throwable bug) {
            return failed(bug);
        }
    }

    /** {@code ldap.injection}: a search filter (RFC 4515) or, when it does not start with '(', a DN (RFC 4514). */
    public static Verdict ldap(String filter, List<Input> inputs) {
        if (filter == null || inputs == null || inputs.isEmpty()) {
            return Verdict.none();
        }
        try {
            return LdapCheck.check(filter, inputs);
        } catch (Throwable bug) {
            return failed(bug);
        }
    }

    /** {@code xpath.injection}: an XPath 1.0 expression about to be compiled or evaluated. */
    public static Verdict xpath(String expression, List<Input> inputs) {
        if (expression == null || !Text.anyCandidate(inputs)) {
            return Verdict.none();
        }
        try {
            return XpathCheck.check(expression, inputs);
        } catch (Throwable bug) {
            return failed(bug);
        }
    }

    /** {@code expression.injection}: an expression about to be parsed; language {@code spel}, {@code ognl}, {@code mvel}, {@code jexl} or {@code el}. */
    public static Verdict expression(String expression, String language, List<Input> inputs) {
        if (expression == null || !Text.anyCandidate(inputs)) {
            return Verdict.none();
        }
        try {
            return ExpressionCheck.check(expression, language, inputs);
        } catch (Throwable bug) {
            return failed(bug);
        }
    }

    /** {@code xss.reflected}: a chunk of an HTML response body, scanned from its own start. */
    public static Verdict xss(CharSequence htmlChunk, List<Input> inputs) {
        if (htmlChunk == null || !Text.anyCandidate(inputs)) {
            return Verdict.none();
        }
        try {
            return XssCheck.check(htmlChunk, inputs);
        } catch (Throwable bug) {
            return failed(bug);
        }
    }

    /** How many calls ended in a bug of a check (and returned {@link Verdict#none()}) since the class was loaded. */
    public static long failures() {
        return FAILURES.get();
    }

    /** The last such bug, for the agent's status report; null when none. */
    public static Throwable lastFailure() {
        return lastFailure;
    }

    private static Verdict failed(Throwable bug) {
        FAILURES.incrementAndGet();
        lastFailure = bug;
        return Verdict.none();
    }
}
