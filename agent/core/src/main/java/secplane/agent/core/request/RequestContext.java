package secplane.agent.core.request;

import java.io.OutputStream;
import java.io.Writer;
import java.lang.reflect.Field;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import secplane.aspect.HttpRequest;
import secplane.aspect.RequestInput;

/**
 * One servlet request the application is serving, as recorded at the source. Recording it only
 * keeps two references; everything else is read from the request object on first use, and the
 * inputs are parsed only when an aspect asks for them. The context is shared by the request's
 * thread and the tasks it submits, so its mutable state is guarded by its monitor.
 *
 * <p>Once the request has ended ({@link #end}) the container may recycle the request and response
 * objects for another request, so the context never touches them again: what was read before stays
 * available, nothing new is read, and no 403 is written.
 */
public final class RequestContext implements HttpRequest {
    /** Most inputs kept per request. */
    static final int MAX_INPUTS = 256;
    /** Longest body prefix recorded, in bytes. */
    static final int BODY_LIMIT = 8192;
    /** Header names that are never inputs: they are framing, not content an attacker can put to use in a sink. */
    private static final String[] FRAMING_HEADERS = {"content-length", "connection", "transfer-encoding", "cookie"};

    final Object request;
    final Object response;
    final ServletApi api;
    /** The context that was current when this one began (a forward or include), or null. */
    final RequestContext parent;

    private boolean ended;
    private String answered;
    private String method;
    private String uri;
    private String query;
    private String clientAddress;
    private String contentType;
    private boolean metadataRead;
    private byte[] body;
    private int bodyLength;
    private List<RequestInput> inputs;
    private int inputsBodyLength = -1;
    private boolean formPending;
    private Map<String, Object> attachments;
    private Object held;
    private Runnable onEnd;
    private boolean userRead;
    private String user;
    private Map<String, Boolean> roles;

    RequestContext(Object request, Object response, ServletApi api, RequestContext parent) {
        this.request = request;
        this.response = response;
        this.api = api;
        this.parent = parent;
    }

    /** The container's request object (or a filter's wrapper of it). */
    public Object request() {
        return request;
    }

    /** The outermost context of this request: the container's own request and response (or the first filter's wrappers). */
    public RequestContext root() {
        RequestContext c = this;
        while (c.parent != null) {
            c = c.parent;
        }
        return c;
    }

    /**
     * Ends the context. A held response body (a designated export, see {@code HeldBody}) is released first,
     * while the request can still be read and the response written: an application that leaves closing the
     * stream to the container finishes here.
     */
    void end() {
        Runnable release;
        synchronized (this) {
            release = onEnd;
            onEnd = null;
        }
        if (release != null) {
            try {
                release.run();
            } catch (Throwable e) {
                // the release reports its own failures; the request ends whatever happened
            }
        }
        synchronized (this) {
            ended = true;
            // what aspects kept for the request (the data aspect's read fingerprints) goes with it
            attachments = null;
        }
    }

    /** The response body the agent holds for this request (agent-internal), or null. */
    public synchronized Object held() {
        return held;
    }

    /** Holds a response body for this request; {@code release} runs when the request ends, unless it ran before. */
    public synchronized void hold(Object body, Runnable release) {
        held = body;
        onEnd = release;
    }

    /**
     * Sets the response's Content-Length to the length of what the agent is about to write instead of what the
     * application declared (RFC 9110 §8.6: a wrong length truncates or stalls the body).
     *
     * @return false when the response is already committed (its headers are sent) or the request has ended
     */
    public synchronized boolean responseLength(long length) {
        if (ended) {
            return false;
        }
        ServletApi r = ServletApi.response(response);
        if (!r.isHttp() || Boolean.TRUE.equals(r.call(ServletApi.IS_COMMITTED, response))) {
            return false;
        }
        try {
            r.invoke(ServletApi.SET_CONTENT_LENGTH, response, (int) Math.min(Integer.MAX_VALUE, length));
            return !Boolean.TRUE.equals(r.call(ServletApi.IS_COMMITTED, response));
        } catch (Throwable e) {
            return false;
        }
    }

    public synchronized boolean ended() {
        return ended;
    }

    private void metadata() {
        if (metadataRead || ended) {
            return;
        }
        metadataRead = true;
        method = api.string(ServletApi.GET_METHOD, request);
        uri = api.string(ServletApi.GET_REQUEST_URI, request);
        query = api.string(ServletApi.GET_QUERY_STRING, request);
        clientAddress = api.string(ServletApi.GET_REMOTE_ADDR, request);
        contentType = api.string(ServletApi.GET_CONTENT_TYPE, request);
    }

    @Override
    public synchronized String method() {
        metadata();
        return method;
    }

    @Override
    public synchronized String uri() {
        metadata();
        return uri;
    }

    @Override
    public synchronized String queryString() {
        metadata();
        return query;
    }

    /**
     * The drill marker of {@code X-Secplane-Drill} (docs/drills.md), copied into events as
     * {@code request.drill}: at most 200 printable ASCII characters, else null (the control plane then sees
     * no marker, and the event is a real one).
     */
    public synchronized String drillMarker() {
        String v = ended ? null : api.string(ServletApi.GET_HEADER, request, "X-Secplane-Drill");
        if (v == null || v.isEmpty() || v.length() > 200) {
            return null;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < 0x21 || v.charAt(i) > 0x7e) {
                return null;
            }
        }
        return v;
    }

    @Override
    public synchronized String clientAddress() {
        metadata();
        return clientAddress;
    }

    @Override
    public synchronized String contentType() {
        metadata();
        return contentType;
    }

    /** Records bytes the application (or the container, parsing a form) just read from the body. */
    synchronized void bodyRead(byte[] b, int off, int n) {
        if (ended || bodyLength >= BODY_LIMIT || b == null || off < 0 || n <= 0 || off + n > b.length) {
            return;
        }
        if (body == null) {
            body = new byte[Math.min(BODY_LIMIT, Math.max(n, 512))];
        }
        int take = Math.min(n, BODY_LIMIT - bodyLength);
        if (bodyLength + take > body.length) {
            byte[] grown = new byte[Math.min(BODY_LIMIT, Math.max(body.length * 2, bodyLength + take))];
            System.arraycopy(body, 0, grown, 0, bodyLength);
            body = grown;
        }
        System.arraycopy(b, off, body, bodyLength, take);
        bodyLength += take;
    }

    synchronized void bodyRead(char[] c, int off, int n) {
        if (ended || bodyLength >= BODY_LIMIT || c == null || off < 0 || n <= 0 || off + n > c.length) {
            return;
        }
        byte[] b = new String(c, off, Math.min(n, BODY_LIMIT)).getBytes(StandardCharsets.UTF_8);
        bodyRead(b, 0, b.length);
    }

    /** The part of the body read so far (at most {@link #BODY_LIMIT} bytes). */
    public synchronized byte[] body() {
        byte[] copy = new byte[bodyLength];
        if (bodyLength > 0) {
            System.arraycopy(body, 0, copy, 0, bodyLength);
        }
        return copy;
    }

    @Override
    public synchronized List<RequestInput> inputs() {
        if (inputs != null && (ended || (inputsBodyLength == bodyLength && !formPending))) {
            return inputs;
        }
        if (ended) {
            return Collections.emptyList();
        }
        metadata();
        List<RequestInput> out = new ArrayList<>();
        Charset cs = charset(api.string(ServletApi.GET_CHARACTER_ENCODING, request));
        InputParser.form(query, "query", StandardCharsets.UTF_8, out, MAX_INPUTS);
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean form = type.startsWith("application/x-www-form-urlencoded");
        formPending = false;
        if (bodyLength > 0) {
            String text = new String(body, 0, bodyLength, cs);
            if (form) {
                InputParser.form(text, "form", cs, out, MAX_INPUTS);
            } else if (type.contains("json")) {
                InputParser.json(text, out, MAX_INPUTS);
            } else {
                out.add(new RequestInput("body", "", InputParser.clip(text)));
            }
        } else if (form) {
            // the container may have parsed the form without the stream the agent watches (Jetty 12, Undertow)
            if (formParsed()) {
                formParameters(out);
            } else {
                formPending = true;
            }
        }
        headers(out);
        InputParser.path(uri, StandardCharsets.UTF_8, out, MAX_INPUTS);
        inputs = Collections.unmodifiableList(out);
        inputsBodyLength = bodyLength;
        return inputs;
    }

    private void headers(List<RequestInput> out) {
        Object names = api.call(ServletApi.GET_HEADER_NAMES, request);
        if (!(names instanceof Enumeration)) {
            return;
        }
        Enumeration<?> e = (Enumeration<?>) names;
        while (e.hasMoreElements() && out.size() < MAX_INPUTS) {
            String name = String.valueOf(e.nextElement());
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                Object values = api.call(ServletApi.GET_HEADERS, request, name);
                if (values instanceof Enumeration) {
                    Enumeration<?> v = (Enumeration<?>) values;
                    while (v.hasMoreElements()) {
                        InputParser.cookies(String.valueOf(v.nextElement()), out, MAX_INPUTS);
                    }
                }
                continue;
            }
            boolean framing = false;
            for (String f : FRAMING_HEADERS) {
                framing |= f.equals(lower);
            }
            if (framing) {
                continue;
            }
            Object values = api.call(ServletApi.GET_HEADERS, request, name);
            if (values instanceof Enumeration) {
                Enumeration<?> v = (Enumeration<?>) values;
                while (v.hasMoreElements() && out.size() < MAX_INPUTS) {
                    out.add(new RequestInput("header", lower, InputParser.clip(String.valueOf(v.nextElement()))));
                }
            }
        }
    }

    /** The form fields of {@code getParameterMap()} that the query string does not explain. */
    private void formParameters(List<RequestInput> out) {
        Object map = api.call(ServletApi.GET_PARAMETER_MAP, request);
        if (!(map instanceof Map)) {
            return;
        }
        List<RequestInput> fromQuery = new ArrayList<>(out);
        for (Map.Entry<?, ?> e : ((Map<?, ?>) map).entrySet()) {
            Object values = e.getValue();
            if (!(values instanceof String[])) {
                continue;
            }
            String name = String.valueOf(e.getKey());
            for (String v : (String[]) values) {
                if (out.size() >= MAX_INPUTS) {
                    return;
                }
                if (!inQuery(fromQuery, name, v)) {
                    out.add(new RequestInput("form", InputParser.clip(name), InputParser.clip(v == null ? "" : v)));
                }
            }
        }
    }

    private static boolean inQuery(List<RequestInput> query, String name, String value) {
        for (RequestInput q : query) {
            if (q.name().equals(name) && q.value().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the container has already parsed this request's form body into parameters, so that
     * {@code getParameterMap()} only returns what is there and reads nothing (calling it earlier would
     * consume the body the application may still want to read itself, Servlet 6.0 section 3.1.1).
     */
    private boolean formParsed() {
        Object r = request;
        for (int depth = 0; r != null && depth < 16; depth++) {
            Boolean parsed = FormState.parsed(r);
            if (parsed != null) {
                return parsed;
            }
            ServletApi a = ServletApi.request(r);
            if (a.unwrap == null) {
                return false;
            }
            try {
                r = a.unwrap.invoke(r);
            } catch (Throwable e) {
                return false;
            }
        }
        return false;
    }

    private static Charset charset(String name) {
        if (name == null) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(name);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    /**
     * The authenticated user, read once from this context's request object: the container's own request
     * or, in a nested context, the wrapper a security filter passed down the chain (Spring Security's
     * wrapper answers {@code getUserPrincipal} from its security context).
     */
    @Override
    public synchronized String user() {
        if (!userRead && !ended) {
            userRead = true;
            Object p = api.call(ServletApi.GET_USER_PRINCIPAL, request);
            if (p != null) {
                try {
                    user = String.valueOf(((java.security.Principal) p).getName());
                } catch (RuntimeException e) {
                    user = null;
                }
            }
        }
        return user;
    }

    @Override
    public synchronized boolean isUserInRole(String role) {
        if (role == null || user() == null) {
            return false;
        }
        Boolean known = roles == null ? null : roles.get(role);
        if (known != null) {
            return known;
        }
        if (ended) {
            return false;
        }
        boolean in = Boolean.TRUE.equals(api.call(ServletApi.IS_USER_IN_ROLE, request, role));
        if (roles == null) {
            roles = new HashMap<>();
        }
        if (roles.size() < MAX_INPUTS) {
            roles.put(role, in);
        }
        return in;
    }

    /**
     * Attachments belong to the whole request: a forward or include dispatch sees what the outer dispatch kept,
     * and they are dropped when the request ends (its outermost context); after that nothing is kept.
     */
    @Override
    public Object attachment(String key) {
        RequestContext root = root();
        synchronized (root) {
            return root.attachments == null ? null : root.attachments.get(key);
        }
    }

    @Override
    public void attach(String key, Object value) {
        RequestContext root = root();
        synchronized (root) {
            if (root.ended) {
                return;
            }
            if (root.attachments == null) {
                root.attachments = new HashMap<>();
            }
            root.attachments.put(key, value);
        }
    }

    /** The response's content type now, or null (never read once the request has ended). */
    public synchronized String responseContentType() {
        if (ended) {
            return null;
        }
        return ServletApi.response(response).string(ServletApi.RESPONSE_CONTENT_TYPE, response);
    }

    /**
     * Answers the request with 403 and a small JSON body naming the event, if the response is not
     * committed yet: the response is reset (status, headers and buffered body), the answer written and
     * flushed, which commits it so that the application's own error handling cannot replace it.
     *
     * @return what happened: {@code 403}, {@code committed} (too late: the client already has a
     *         status), {@code ended}, {@code answered} (an earlier block of this request already
     *         answered), {@code not-http} or {@code failed: <why>}
     */
    public synchronized String forbid(String eventId) {
        if (ended) {
            return "ended";
        }
        if (answered != null) {
            return "answered";
        }
        ServletApi r = ServletApi.response(response);
        if (!r.isHttp()) {
            return "not-http";
        }
        try {
            if (Boolean.TRUE.equals(r.invoke(ServletApi.IS_COMMITTED, response))) {
                return "committed";
            }
            r.invoke(ServletApi.RESET, response);
            r.invoke(ServletApi.SET_STATUS, response, 403);
            r.invoke(ServletApi.SET_CONTENT_TYPE, response, "application/json;charset=UTF-8");
            r.invoke(ServletApi.SET_HEADER, response, "Cache-Control", "no-store");
            byte[] bytes = ("{\"error\":\"request blocked by secplane\",\"event\":\"" + eventId + "\"}\n").getBytes(StandardCharsets.UTF_8);
            r.invoke(ServletApi.SET_CONTENT_LENGTH, response, bytes.length);
            try {
                ((OutputStream) r.invoke(ServletApi.GET_OUTPUT_STREAM, response)).write(bytes);
            } catch (IllegalStateException writerInUse) {
                Writer w = (Writer) r.invoke(ServletApi.GET_WRITER, response);
                w.write(new String(bytes, StandardCharsets.UTF_8));
                w.flush();
            }
            r.invoke(ServletApi.FLUSH_BUFFER, response);
            answered = "403";
            return answered;
        } catch (Throwable e) {
            answered = "failed";
            return "failed: " + e;
        }
    }

    /** The request's form state, read from the container's own request class (a small table of known fields). */
    static final class FormState {
        /** Class name, field, and whether the field means "parsed" by being non-null (else it is a boolean). */
        private static final String[][] KNOWN = {
            {"org.apache.catalina.connector.RequestFacade", "request", "delegate"},
            {"org.apache.catalina.connector.Request", "parametersParsed", "boolean"},
            {"org.eclipse.jetty.ee10.servlet.ServletApiRequest", "_contentParameters", "non-null"},
            {"org.eclipse.jetty.ee11.servlet.ServletApiRequest", "_contentParameters", "non-null"},
            {"org.eclipse.jetty.server.Request", "_contentParameters", "non-null"},
            {"org.eclipse.jetty.ee9.nested.Request", "_contentParameters", "non-null"},
            {"org.eclipse.jetty.ee8.nested.Request", "_contentParameters", "non-null"},
            {"io.undertow.servlet.spec.HttpServletRequestImpl", "parsedFormData", "non-null"},
        };
        private static final Map<Class<?>, Object[]> FIELDS = new java.util.WeakHashMap<>();
        private static final Object[] UNKNOWN = new Object[0];

        private FormState() {
        }

        /** @return whether the form is parsed, or null when the class is not one of the known ones */
        static Boolean parsed(Object request) {
            Object[] f = field(request.getClass());
            if (f == UNKNOWN) {
                return null;
            }
            try {
                Object v = ((Field) f[0]).get(request);
                String kind = (String) f[1];
                if (kind.equals("delegate")) {
                    return v == null ? Boolean.FALSE : parsed(v);
                }
                return kind.equals("boolean") ? (Boolean) v : Boolean.valueOf(v != null);
            } catch (Throwable e) {
                return Boolean.FALSE;
            }
        }

        private static Object[] field(Class<?> c) {
            synchronized (FIELDS) {
                Object[] known = FIELDS.get(c);
                if (known != null) {
                    return known;
                }
                Object[] found = UNKNOWN;
                for (Class<?> s = c; s != null && found == UNKNOWN; s = s.getSuperclass()) {
                    for (String[] k : KNOWN) {
                        if (k[0].equals(s.getName())) {
                            try {
                                Field f = s.getDeclaredField(k[1]);
                                f.setAccessible(true);
                                found = new Object[] {f, k[2]};
                            } catch (Throwable e) {
                                found = new Object[] {null, "none"};
                            }
                            break;
                        }
                    }
                }
                if (found.length == 2 && found[0] == null) {
                    found = UNKNOWN;
                }
                FIELDS.put(c, found);
                return found;
            }
        }
    }
}
