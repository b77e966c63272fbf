package secplane.agent.core.aspects;

import java.io.File;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import secplane.agent.core.request.RequestContext;
import secplane.bootstrap.JoinPoints;

/**
 * Turns the raw arguments that woven code hands over into the documented, stable arguments of each
 * join point (docs/join-points.md), so that aspects never depend on JDK internals.
 */
final class Arguments {
    private Arguments() {
    }

    /** How much of a document about to be parsed is read ahead for the aspects, in bytes or characters. */
    static final int XML_PREFIX = 4096;
    /** Longest response chunk handed to the aspects, in characters. */
    static final int RESPONSE_CHUNK = 8192;
    /** Longest data response chunk (JSON, CSV, plain text) handed to the aspects, in bytes or characters. */
    static final int DATA_CHUNK = 65536;

    /** Join points whose arguments only mean something within a request: without one they are not dispatched. */
    static boolean requestOnly(int joinPoint) {
        return joinPoint == JoinPoints.HTTP_RESPONSE || joinPoint == JoinPoints.HTTP_REQUEST;
    }

    /**
     * @param target  the receiver the woven code passed (or null)
     * @param request the current request, or null
     * @return the normalised arguments, or null when the call is of no interest (a read-only open for
     *         {@code file.write}, a write for {@code file.read}, a response body that is not HTML)
     */
    static Object[] normalise(int joinPoint, Object target, Object[] raw, RequestContext request) {
        switch (joinPoint) {
            case JoinPoints.HTTP_REQUEST:
                return request == null ? null : new Object[] {request.method(), request.uri()};
            case JoinPoints.SQL_EXECUTE:
                return raw[0] == null ? null : new Object[] {String.valueOf(raw[0]),
                    raw.length > 1 && raw[1] != null && !"".equals(raw[1]) ? raw[1] : null};
            case JoinPoints.FILE_READ:
                return fileRead(raw);
            case JoinPoints.FILE_LIST:
                return fileOp(target != null ? target : raw[0], "list");
            case JoinPoints.FILE_DELETE:
                return fileOp(target != null ? target : raw[0], "delete");
            case JoinPoints.NET_CONNECT:
                return connect(target, raw);
            case JoinPoints.XML_PARSE:
                return refusesExternalEntities(target) ? null : xml(raw, request);
            case JoinPoints.LDAP_SEARCH:
                return raw[0] == null ? null : new Object[] {String.valueOf(raw[0]), raw[1] == null ? "" : String.valueOf(raw[1])};
            case JoinPoints.XPATH_EVAL:
                return raw[0] == null ? null : new Object[] {String.valueOf(raw[0])};
            case JoinPoints.EXPRESSION_EVAL:
                if ("spel".equals(raw[raw.length - 1]) && target != null) {
                    return spel(target, raw);
                }
                return raw[0] == null ? null : new Object[] {String.valueOf(raw[0]), raw[raw.length - 1]};
            case JoinPoints.HTTP_RESPONSE:
                return response(raw, request);
            case JoinPoints.HTTP_OUTBOUND:
                return outbound(target, raw);
            case JoinPoints.KAFKA_SEND:
                return kafka(raw);
            case JoinPoints.LOG_MESSAGE: {
                // {String message, String level, String logger, String library, Boolean rewriting}; the event itself
                // stays in the Call; the host sets rewriting per aspect (a rule of it in block mode)
                secplane.agent.core.logs.LogEvents.LogLine line = secplane.agent.core.logs.LogEvents.read(target, raw[0]);
                return line == null ? null : new Object[] {line.message(), line.level(), line.logger(), line.library(), Boolean.FALSE};
            }
            case JoinPoints.JDBC_RESULT:
                // {String value, String table, String column}; the result set stays the target
                return raw.length < 2 ? null : secplane.agent.core.jdbc.ResultColumns.read(target, raw[0], raw[1]);
            case JoinPoints.JNDI_LOOKUP:
                return new Object[] {String.valueOf(raw[0])};
            case JoinPoints.DESERIALIZE_CLASS:
                return deserialize(raw);
            case JoinPoints.PROCESS_START:
                return process(raw);
            case JoinPoints.FILE_WRITE:
                return file(raw);
            case JoinPoints.SPRING_BIND:
                return new Object[] {propertyName(raw[0])};
            case JoinPoints.SCRIPT_EVAL:
                return new Object[] {raw.length > 0 && raw[0] instanceof String ? raw[0] : "<" + (raw.length > 0 && raw[0] != null ? raw[0].getClass().getName() : "script") + ">"};
            default:
                return raw;
        }
    }

    /**
     * {@code http.outbound}: {String url (scheme://host:port/path, no query), String destination (host:port),
     * Supplier&lt;String&gt; body (first 64 KB as UTF-8, read when first asked; null when it cannot be read
     * without taking it from the client), String client, Boolean inspectAll (set by the host per aspect)}.
     */
    private static Object[] outbound(Object target, Object[] raw) {
        String client = String.valueOf(raw[raw.length - 1]);
        Object source;
        String url;
        if ("http-client".equals(client)) {
            source = raw[0];
            url = source == null ? null : String.valueOf(call(source, "uri"));
        } else if ("http-url-connection-stream".equals(client)) {
            // a streaming body is inspected write by write: {byte[], offset, length} of StreamingOutputStream.write
            Object connection = secplane.agent.core.outbound.OutboundBodies.streamingConnection(target);
            if (connection == null || !(raw[0] instanceof byte[]) || !(raw[1] instanceof Integer) || !(raw[2] instanceof Integer)) {
                return null;
            }
            url = secplane.agent.core.outbound.OutboundBodies.url(connection);
            String destination = url == null ? null : secplane.agent.core.outbound.OutboundBodies.destination(url);
            return destination == null ? null : new Object[] {secplane.agent.core.outbound.OutboundBodies.withoutQuery(url), destination,
                secplane.agent.core.outbound.LazyBody.chunk((byte[]) raw[0], (Integer) raw[1], (Integer) raw[2]), "http-url-connection", Boolean.FALSE};
        } else {
            source = target;
            url = secplane.agent.core.outbound.OutboundBodies.url(target);
        }
        String destination = url == null ? null : secplane.agent.core.outbound.OutboundBodies.destination(url);
        if (source == null || destination == null) {
            return null;
        }
        return new Object[] {secplane.agent.core.outbound.OutboundBodies.withoutQuery(url), destination,
            new secplane.agent.core.outbound.LazyBody(source, client), client, Boolean.FALSE};
    }

    /**
     * {@code kafka.send}: {String topic, String destination ({@code kafka:<topic>}), String text (the key and the
     * value when they are String or byte[], first 64 KB each, one per line), String client, Boolean inspectAll}.
     */
    private static Object[] kafka(Object[] raw) {
        Object record = raw[0];
        if (record == null) {
            return null;
        }
        Object topic = call(record, "topic");
        if (topic == null) {
            return null;
        }
        String key = secplane.agent.core.outbound.OutboundBodies.text(call(record, "key"));
        String value = secplane.agent.core.outbound.OutboundBodies.text(call(record, "value"));
        if (key == null && value == null) {
            return null;
        }
        String text = key == null ? value : value == null ? key : key + "\n" + value;
        return new Object[] {topic.toString(), "kafka:" + topic, text, "kafka-producer", Boolean.FALSE};
    }

    /** {@code deserialize.class}: {String class name, Class or null}; raw is {ObjectStreamClass, Class} or {proxy Class, "proxy"}. */
    private static Object[] deserialize(Object[] raw) {
        if (raw.length == 2 && "proxy".equals(raw[1])) {
            Class<?> proxy = (Class<?>) raw[0];
            return proxy == null ? null : new Object[] {proxy.getName(), proxy};
        }
        return new Object[] {((java.io.ObjectStreamClass) raw[0]).getName(), raw[1]};
    }

    /** A property path given as a String or as Spring's PropertyValue (read through its public getName). */
    private static String propertyName(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        try {
            return String.valueOf(value.getClass().getMethod("getName").invoke(value));
        } catch (ReflectiveOperationException e) {
            return String.valueOf(value);
        }
    }

    /** {@code process.start}: {String[] command, String directory or null}. */
    private static Object[] process(Object[] raw) {
        Charset cs = Charset.defaultCharset();
        List<String> command = new ArrayList<>();
        byte[] prog = (byte[]) raw[0];
        command.add(cString(prog, 0, cs));
        byte[] block = (byte[]) raw[1];
        if (block != null) {
            int start = 0;
            for (int i = 0; i < block.length; i++) {
                if (block[i] == 0) {
                    command.add(new String(block, start, i - start, cs));
                    start = i + 1;
                }
            }
        }
        byte[] dir = (byte[]) raw[2];
        return new Object[] {command.toArray(new String[0]), dir == null ? null : cString(dir, 0, cs)};
    }

    private static String cString(byte[] b, int from, Charset cs) {
        if (b == null) {
            return "";
        }
        int end = from;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, cs);
    }

    /** The path as the code gave it (relative, with its {@code ..} segments) and absolute. */
    private static String[] paths(Object target) {
        if (target instanceof File) {
            return new String[] {((File) target).getPath(), ((File) target).getAbsolutePath()};
        }
        if (target instanceof Path) {
            return new String[] {target.toString(), ((Path) target).toAbsolutePath().toString()};
        }
        if (target == null) {
            return null;
        }
        return new String[] {target.toString(), new File(target.toString()).getAbsolutePath()};
    }

    /** {@code file.list}, {@code file.delete}: {String absolute path, String operation, String path as given}. */
    private static Object[] fileOp(Object target, String operation) {
        String[] p = paths(target);
        return p == null ? null : new Object[] {p[1], operation, p[0]};
    }

    /** {@code file.read}: {String absolute path, "read", String path as given}; null for an open that writes. */
    private static Object[] fileRead(Object[] raw) {
        String[] p = paths(raw[0]);
        if (p == null) {
            return null;
        }
        Object op = raw.length > 1 ? raw[1] : "read";
        if (raw.length == 3 && "raf".equals(raw[2])) {
            if (op != null && op.toString().indexOf('w') >= 0) {
                return null;
            }
        } else if (op instanceof Set) {
            Set<?> options = (Set<?>) op;
            if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND)) {
                return null;
            }
        }
        return new Object[] {p[1], "read", p[0]};
    }

    /** {@code file.write}: {String absolute path, String operation, String path as given}. */
    private static Object[] file(Object[] raw) {
        String[] given = paths(raw[0]);
        if (given == null) {
            return null;
        }
        String path = given[1];
        Object op = raw.length > 1 ? raw[1] : "write";
        String operation;
        if (raw.length == 3 && "raf".equals(raw[2])) {
            // RandomAccessFile(File, mode): only modes that write
            if (op == null || op.toString().indexOf('w') < 0) {
                return null;
            }
            operation = "write";
        } else if (op instanceof Boolean) {
            operation = (Boolean) op ? "append" : "write";
        } else if (op instanceof Set) {
            Set<?> options = (Set<?>) op;
            if (options.contains(StandardOpenOption.APPEND)) {
                operation = "append";
            } else if (options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.CREATE)
                    || options.contains(StandardOpenOption.CREATE_NEW)) {
                operation = "write";
            } else {
                return null;
            }
        } else {
            operation = String.valueOf(op);
        }
        return new Object[] {path, operation, given[0]};
    }

    private static final String SIMPLE_SPEL_CONTEXT = "org.springframework.expression.spel.support.SimpleEvaluationContext";

    /**
     * {@code expression.eval} for SpEL, evaluated: {String expression, "spel"}, or null when it is evaluated
     * in a {@code SimpleEvaluationContext} (given, or the expression's own), which reaches no types,
     * constructors or beans.
     */
    private static Object[] spel(Object expression, Object[] raw) {
        boolean contextGiven = false;
        for (int i = 0; i < raw.length - 1; i++) {
            if (raw[i] != null && raw[i].getClass().getName().equals(SIMPLE_SPEL_CONTEXT)) {
                return null;
            }
            contextGiven |= raw[i] != null && implementsNamed(raw[i].getClass(), "org.springframework.expression.EvaluationContext");
        }
        if (!contextGiven) {
            Object own = call(expression, "getEvaluationContext");
            if (own != null && own.getClass().getName().equals(SIMPLE_SPEL_CONTEXT)) {
                return null;
            }
        }
        Object text = call(expression, "getExpressionString");
        return text == null ? null : new Object[] {text.toString(), "spel"};
    }

    private static boolean implementsNamed(Class<?> c, String name) {
        for (Class<?> s = c; s != null; s = s.getSuperclass()) {
            for (Class<?> i : s.getInterfaces()) {
                if (i.getName().equals(name) || implementsNamed(i, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether an XML parser is configured so that no document can lead it to an external entity: DOCTYPE
     * refused ({@code disallow-doctype-decl}, the OWASP recommendation), or external general and parameter
     * entities and external DTDs all off; for StAX, DTDs unsupported or external entities off.
     */
    static boolean refusesExternalEntities(Object parser) {
        if (parser == null) {
            return false;
        }
        try {
            if (parser.getClass().getName().endsWith("XMLInputFactoryImpl")) {
                Method property = parser.getClass().getMethod("getProperty", String.class);
                return Boolean.FALSE.equals(property.invoke(parser, "javax.xml.stream.supportDTD"))
                        || Boolean.FALSE.equals(property.invoke(parser, "javax.xml.stream.isSupportingExternalEntities"));
            }
            Method feature = parser.getClass().getMethod("getFeature", String.class);
            if (Boolean.TRUE.equals(feature.invoke(parser, "http://apache.org/xml/features/disallow-doctype-decl"))
                    || dtdDeniedBySecurityManager(parser)) {
                return true;
            }
            return Boolean.FALSE.equals(feature.invoke(parser, "http://xml.org/sax/features/external-general-entities"))
                    && Boolean.FALSE.equals(feature.invoke(parser, "http://xml.org/sax/features/external-parameter-entities"))
                    && Boolean.FALSE.equals(feature.invoke(parser, "http://apache.org/xml/features/nonvalidating/load-external-dtd"));
        } catch (Throwable e) {
            return false; // a feature it does not know: judge the document
        }
    }

    /**
     * JDK 24 and later (with the JAXP configuration file) record {@code disallow-doctype-decl}
     * and {@code jdk.xml.dtd.support} in the parser's {@code jdk.xml.internal.XMLSecurityManager}, and
     * {@code getFeature} no longer reports them: read the limits there (XERCES_DISALLOW_DTD = 1 for
     * true; DTD = 1 ignore or 2 deny).
     */
    private static boolean dtdDeniedBySecurityManager(Object parser) {
        try {
            Object manager = parser.getClass().getMethod("getProperty", String.class)
                    .invoke(parser, "http://apache.org/xml/properties/security-manager");
            if (manager == null || !manager.getClass().getName().equals("jdk.xml.internal.XMLSecurityManager")) {
                return false;
            }
            @SuppressWarnings({"unchecked", "rawtypes"})
            Class<Enum> limit = (Class<Enum>) Class.forName("jdk.xml.internal.XMLSecurityManager$Limit", false, manager.getClass().getClassLoader());
            Method getLimit = manager.getClass().getMethod("getLimit", limit);
            @SuppressWarnings("unchecked")
            Object disallow = getLimit.invoke(manager, Enum.valueOf(limit, "XERCES_DISALLOW_DTD"));
            @SuppressWarnings("unchecked")
            Object dtd = getLimit.invoke(manager, Enum.valueOf(limit, "DTD"));
            return Integer.valueOf(1).equals(disallow) || Integer.valueOf(1).equals(dtd) || Integer.valueOf(2).equals(dtd);
        } catch (Throwable e) {
            return false; // another runtime: judge the document
        }
    }

    /**
     * A URL as code usually writes it: {@code URL.toString()} drops the empty authority of
     * {@code file:///etc/passwd} ({@code file:/etc/passwd}), which is not how the input that named it reads.
     */
    private static String urlAsWritten(Object target) {
        if (!(target instanceof java.net.URL)) {
            return String.valueOf(target);
        }
        java.net.URL u = (java.net.URL) target;
        String s = u.toString();
        if (u.getAuthority() == null || u.getAuthority().isEmpty()) {
            String scheme = u.getProtocol() + ":";
            if (s.startsWith(scheme) && !s.startsWith(scheme + "//") && u.getPath().startsWith("/")) {
                return scheme + "//" + s.substring(scheme.length());
            }
        }
        return s;
    }

    /**
     * {@code net.connect}: {String url, String client}. A socket's address becomes
     * {@code socket://host:port} with the host as the code named it (a name stays a name).
     */
    private static Object[] connect(Object target, Object[] raw) {
        String client = String.valueOf(raw[raw.length - 1]);
        String url;
        switch (client) {
            case "url":
                url = urlAsWritten(target);
                break;
            case "http-url-connection":
                url = String.valueOf(call(target, "getURL"));
                break;
            case "okhttp":
                url = String.valueOf(call(call(target, "request"), "url"));
                break;
            case "socket":
            case "socket-channel":
                url = socket((SocketAddress) raw[0]);
                break;
            case "http-client":
                url = String.valueOf(call(raw[0], "uri"));
                break;
            case "apache-httpclient-4":
            case "apache-httpclient-5":
                url = apache(raw[0], raw[1], client.endsWith("5"));
                break;
            default:
                url = String.valueOf(raw[0]);
                break;
        }
        return url == null || url.equals("null") ? null : new Object[] {url, client};
    }

    private static String socket(SocketAddress address) {
        if (!(address instanceof InetSocketAddress)) {
            return null;
        }
        InetSocketAddress a = (InetSocketAddress) address;
        String host = a.getHostString();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "socket://" + host + ":" + a.getPort();
    }

    /** Apache HttpClient: the request's own URI when it is absolute, else the target host's URI before the request's path. */
    private static String apache(Object target, Object request, boolean five) {
        Object uri = call(request, five ? "getUri" : "getURI");
        if (uri != null && uri.toString().contains("://")) {
            return uri.toString();
        }
        String host = target == null ? "" : String.valueOf(call(target, "toURI"));
        Object path = five ? call(request, "getRequestUri") : call(call(request, "getRequestLine"), "getUri");
        return host + (path == null ? "" : path.toString());
    }

    /** A public no-argument method of an application object (its class may not be public: the method is looked up on its public types). */
    static Object call(Object target, String method) {
        if (target == null) {
            return null;
        }
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            Object r = callOn(c, target, method);
            if (r != NOT_FOUND) {
                return r;
            }
            for (Class<?> i : c.getInterfaces()) {
                r = callOn(i, target, method);
                if (r != NOT_FOUND) {
                    return r;
                }
            }
        }
        return null;
    }

    private static final Object NOT_FOUND = new Object();

    private static Object callOn(Class<?> c, Object target, String method) {
        if (!java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
            return NOT_FOUND;
        }
        try {
            Method m = c.getMethod(method);
            return m.invoke(target);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            // not here, or in a package its module does not export: a public supertype declares it too
            return NOT_FOUND;
        } catch (Throwable e) {
            return null;
        }
    }

    /**
     * {@code xml.parse}: {String systemId or null, byte[] document prefix or null, Integer length, String api}.
     * Within a request, the first bytes (or characters, encoded as UTF-8) of the document are read
     * ahead from the parser's own input source without taking them from the parser: a stream that
     * supports mark is reset; any other is replaced, in the parser's input source (an object private
     * to the parser), by a pushback stream holding what was read. One read only, so nothing waits
     * for more data than the parser itself would.
     */
    private static Object[] xml(Object[] raw, RequestContext request) {
        Object source = raw[0];
        String api = String.valueOf(raw[raw.length - 1]);
        if (source == null) {
            return null;
        }
        String systemId = (String) call(source, "getSystemId");
        byte[] prefix = null;
        int length = 0;
        if (request != null) {
            try {
                Object stream = call(source, "getByteStream");
                if (stream instanceof InputStream) {
                    InputStream in = (InputStream) stream;
                    byte[] buf = new byte[XML_PREFIX];
                    if (in.markSupported()) {
                        in.mark(XML_PREFIX);
                        length = Math.max(0, in.read(buf, 0, XML_PREFIX));
                        in.reset();
                    } else {
                        PushbackInputStream back = new PushbackInputStream(in, XML_PREFIX);
                        length = Math.max(0, back.read(buf, 0, XML_PREFIX));
                        if (length > 0) {
                            back.unread(buf, 0, length);
                        }
                        set(source, "setByteStream", InputStream.class, back);
                    }
                    prefix = buf;
                } else {
                    Object chars = call(source, "getCharacterStream");
                    if (chars instanceof Reader) {
                        Reader r = (Reader) chars;
                        char[] buf = new char[XML_PREFIX];
                        int n;
                        if (r.markSupported()) {
                            r.mark(XML_PREFIX);
                            n = Math.max(0, r.read(buf, 0, XML_PREFIX));
                            r.reset();
                        } else {
                            PushbackReader back = new PushbackReader(r, XML_PREFIX);
                            n = Math.max(0, back.read(buf, 0, XML_PREFIX));
                            if (n > 0) {
                                back.unread(buf, 0, n);
                            }
                            set(source, "setCharacterStream", Reader.class, back);
                        }
                        prefix = new String(buf, 0, n).getBytes(StandardCharsets.UTF_8);
                        length = prefix.length;
                    }
                }
            } catch (Throwable e) {
                // the document could not be read ahead; the parser reads it as it would have
                prefix = null;
                length = 0;
            }
        }
        return new Object[] {systemId, prefix, Integer.valueOf(length), api};
    }

    private static void set(Object target, String method, Class<?> type, Object value) throws Exception {
        target.getClass().getMethod(method, type).invoke(target, value);
    }

    /**
     * {@code http.response}: {String chunk, String content type}, only for an HTML response of the
     * current request; bytes are decoded as UTF-8 (ISO-8859-1 when the content type says so).
     */
    private static Object[] response(Object[] raw, RequestContext request) {
        if (request == null || raw.length < 3 || raw[0] == null) {
            return null;
        }
        String type = request.root().responseContentType();
        if (type == null) {
            return null;
        }
        boolean html = type.toLowerCase(Locale.ROOT).startsWith("text/html");
        if (!html && !isData(type)) {
            return null;
        }
        int off = raw[1] instanceof Integer ? (Integer) raw[1] : 0;
        int len = raw[2] instanceof Integer ? Math.min((Integer) raw[2], html ? RESPONSE_CHUNK : DATA_CHUNK) : 0;
        String chunk;
        Object data = raw[0];
        try {
            if (data instanceof byte[]) {
                chunk = new String((byte[]) data, off, len, charset(type));
            } else if (data instanceof char[]) {
                chunk = new String((char[]) data, off, len);
            } else {
                chunk = data.toString().substring(off, off + len);
            }
        } catch (RuntimeException e) {
            return null;
        }
        // {String chunk, String content type, Boolean rewriting (set by the host per aspect)}
        return new Object[] {chunk, type, Boolean.FALSE};
    }

    /** Response types that carry records: JSON (RFC 8259, and +json types), CSV (RFC 4180) and plain text. */
    static boolean isData(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        String base = (semi < 0 ? t : t.substring(0, semi)).trim();
        return base.equals("application/json") || base.endsWith("+json") || base.equals("text/csv") || base.equals("text/plain");
    }

    /** The charset the woven byte writes are decoded with (and a rewrite encoded with). */
    static Charset charset(String type) {
        return type.toLowerCase(Locale.ROOT).contains("iso-8859-1") ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
    }
}
