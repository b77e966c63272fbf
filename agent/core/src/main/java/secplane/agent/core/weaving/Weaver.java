package secplane.agent.core.weaving;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import secplane.agent.core.AgentLog;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/**
 * Installs the join points: a retransformation-capable {@link ClassFileTransformer} that
 * inserts an entry call to the trampoline into a fixed set of methods (see {@link #HOOKS}),
 * chosen by class name, plus script engines recognised by their supertype.
 *
 * <p>A class is woven at most once: the JVM hands a retransformation-capable transformer the
 * class's original bytes on every retransformation, and this is the only transformer the agent
 * installs. Detaching removes it and retransforms every woven class, which restores the original
 * bytecode.
 *
 * <p>The weaving uses ASM directly rather than a higher-level library: the agent's start-up cost
 * is dominated by the classes it loads, and this weaver needs a handful of ASM classes.
 */
public final class Weaver implements ClassFileTransformer {
    private static final Map<String, List<Hook>> HOOKS = new HashMap<>();

    static {
        hook("javax/naming/InitialContext",
                Hook.of("lookup", "(Ljava/lang/String;)Ljava/lang/Object;", JoinPoints.JNDI_LOOKUP, 0),
                Hook.of("lookup", "(Ljavax/naming/Name;)Ljava/lang/Object;", JoinPoints.JNDI_LOOKUP, 0),
                Hook.of("lookupLink", "(Ljava/lang/String;)Ljava/lang/Object;", JoinPoints.JNDI_LOOKUP, 0),
                Hook.of("lookupLink", "(Ljavax/naming/Name;)Ljava/lang/Object;", JoinPoints.JNDI_LOOKUP, 0));
        // ObjectInputStream.readNonProxyDesc/readProxyDesc call these once per class descriptor,
        // after resolveClass, whatever a subclass overrides
        hook("java/io/ObjectStreamClass",
                Hook.of("initNonProxy", "(Ljava/io/ObjectStreamClass;Ljava/lang/Class;Ljava/lang/ClassNotFoundException;Ljava/io/ObjectStreamClass;)V",
                        JoinPoints.DESERIALIZE_CLASS, 0, 1),
                Hook.of("initProxy", "(Ljava/lang/Class;Ljava/lang/ClassNotFoundException;Ljava/io/ObjectStreamClass;)V",
                        JoinPoints.DESERIALIZE_CLASS, 0).withConstant("proxy"));
        // the last Java frame before the native fork, on Java 9+ and on Java 8
        Hook process = Hook.of("<init>", "([B[BI[BI[B", JoinPoints.PROCESS_START, 0, 1, 5);
        hook("java/lang/ProcessImpl", process);
        hook("java/lang/UNIXProcess", process);
        hook("java/io/FileOutputStream", Hook.of("<init>", "(Ljava/io/File;Z)V", JoinPoints.FILE_WRITE, 0, 1));
        hook("java/io/FileInputStream", Hook.of("<init>", "(Ljava/io/File;)V", JoinPoints.FILE_READ, 0).withConstant("read"));
        // one constructor, two join points: Arguments keeps the one its mode is for
        hook("java/io/RandomAccessFile",
                Hook.of("<init>", "(Ljava/io/File;Ljava/lang/String;)V", JoinPoints.FILE_WRITE, 0, 1).withConstant("raf"),
                Hook.of("<init>", "(Ljava/io/File;Ljava/lang/String;)V", JoinPoints.FILE_READ, 0, 1).withConstant("raf"));
        hook("java/io/File",
                Hook.of("renameTo", "(Ljava/io/File;)Z", JoinPoints.FILE_WRITE, 0).withConstant("rename"),
                // list(FilenameFilter), listFiles() and its overloads all call list()
                Hook.of("list", "()[Ljava/lang/String;", JoinPoints.FILE_LIST).withThis(),
                Hook.of("delete", "()Z", JoinPoints.FILE_DELETE).withThis());
        Hook[] nio = {
            Hook.of("newByteChannel", "(Ljava/nio/file/Path;Ljava/util/Set;", JoinPoints.FILE_WRITE, 0, 1),
            Hook.of("newFileChannel", "(Ljava/nio/file/Path;Ljava/util/Set;", JoinPoints.FILE_WRITE, 0, 1),
            Hook.of("newAsynchronousFileChannel", "(Ljava/nio/file/Path;Ljava/util/Set;", JoinPoints.FILE_WRITE, 0, 1),
            Hook.of("copy", "(Ljava/nio/file/Path;Ljava/nio/file/Path;[Ljava/nio/file/CopyOption;)V", JoinPoints.FILE_WRITE, 1).withConstant("copy"),
            Hook.of("move", "(Ljava/nio/file/Path;Ljava/nio/file/Path;[Ljava/nio/file/CopyOption;)V", JoinPoints.FILE_WRITE, 1).withConstant("move"),
            // Files.newInputStream, readAllBytes, readString, lines, newBufferedReader and FileChannel.open all open
            // through these; Arguments keeps the opens without a writing option
            Hook.of("newByteChannel", "(Ljava/nio/file/Path;Ljava/util/Set;", JoinPoints.FILE_READ, 0, 1),
            Hook.of("newFileChannel", "(Ljava/nio/file/Path;Ljava/util/Set;", JoinPoints.FILE_READ, 0, 1),
            Hook.of("newAsynchronousFileChannel", "(Ljava/nio/file/Path;Ljava/util/Set;", JoinPoints.FILE_READ, 0, 1),
            Hook.of("copy", "(Ljava/nio/file/Path;Ljava/nio/file/Path;[Ljava/nio/file/CopyOption;)V", JoinPoints.FILE_READ, 0).withConstant("copy"),
            // Files.list, walk, find and newDirectoryStream
            Hook.of("newDirectoryStream", "(Ljava/nio/file/Path;Ljava/nio/file/DirectoryStream$Filter;)", JoinPoints.FILE_LIST, 0).withConstant("list"),
            // Files.delete and deleteIfExists
            Hook.of("implDelete", "(Ljava/nio/file/Path;Z)Z", JoinPoints.FILE_DELETE, 0).withConstant("delete"),
        };
        hook("sun/nio/fs/UnixFileSystemProvider", nio);
        hook("sun/nio/fs/WindowsFileSystemProvider", nio);
        requestHooks();
        sinkHooks();
        logHooks();
        propagationHooks();
        // the two public entries of property binding; neither calls the other, so one property
        // path is dispatched once (DataBinder -> setPropertyValues -> setPropertyValue(PropertyValue))
        hook("org/springframework/beans/AbstractNestablePropertyAccessor",
                Hook.of("setPropertyValue", "(Ljava/lang/String;Ljava/lang/Object;)V", JoinPoints.SPRING_BIND, 0).withThis(),
                Hook.of("setPropertyValue", "(Lorg/springframework/beans/PropertyValue;)V", JoinPoints.SPRING_BIND, 0).withThis());
    }

    /**
     * In a concrete engine, the two {@code eval} methods every engine must implement and into which
     * AbstractScriptEngine's other overloads delegate: one evaluation, one dispatch.
     */
    private static Hook[] scriptHooks() {
        return new Hook[] {
            Hook.of("eval", "(Ljava/lang/String;Ljavax/script/ScriptContext;)", JoinPoints.SCRIPT_EVAL, 0).withThis(),
            Hook.of("eval", "(Ljava/io/Reader;Ljavax/script/ScriptContext;)", JoinPoints.SCRIPT_EVAL, 0).withThis(),
        };
    }

    /**
     * The request source: each container's filter chain (recognised by its interface, see
     * {@link #chainHooks}) and {@code HttpServlet.service(ServletRequest, ServletResponse)} for a
     * request that reaches a servlet without any filter; the bodies the containers read; the response
     * bodies they write.
     */
    /** The constant argument of a response stream's woven {@code close()}: {@code http.response} with {"close"}. */
    public static final String RESPONSE_CLOSE = "close";

    private static void requestHooks() {
        for (String ns : new String[] {"javax/servlet/", "jakarta/servlet/"}) {
            hook(ns + "http/HttpServlet",
                    Hook.source("service", "(L" + ns + "ServletRequest;L" + ns + "ServletResponse;)V"));
        }
        // request bodies, as the application (or the container parsing a form) reads them
        hook("org/apache/catalina/connector/InputBuffer",
                Hook.bodyBytes("read", "([BII)I"), Hook.bodyChars("read", "([CII)I"));
        hook("org/eclipse/jetty/server/HttpInput", Hook.bodyBytes("read", "([BII)I"));
        hook("org/eclipse/jetty/ee10/servlet/HttpInput", Hook.bodyBytes("read", "([BII)I"));
        hook("org/eclipse/jetty/ee11/servlet/HttpInput", Hook.bodyBytes("read", "([BII)I"));
        hook("io/undertow/servlet/spec/ServletInputStreamImpl", Hook.bodyBytes("read", "([BII)I"));
        // response bodies: Tomcat's OutputBuffer serves both getOutputStream and getWriter; Jetty's writer
        // encodes into its output stream. Every write takes its arguments back from the dispatch
        // (Hook.writeBack): a String cannot be masked in place, so the host puts a masked copy of the same
        // length there; and a designated export's chunks are held (length 0) until the body is complete.
        // The stream itself (this) is where a held body is written when it is released: at its close(), or
        // at the end of the request for an application that leaves closing to the container.
        Hook bytes = Hook.of("write", "([BII)V", JoinPoints.HTTP_RESPONSE, 0, 1, 2).withThis().withWriteBack();
        Hook chars = Hook.of("write", "([CII)V", JoinPoints.HTTP_RESPONSE, 0, 1, 2).withThis().withWriteBack();
        Hook string = Hook.of("write", "(Ljava/lang/String;II)V", JoinPoints.HTTP_RESPONSE, 0, 1, 2).withThis().withWriteBack();
        Hook close = Hook.of("close", "()V", JoinPoints.HTTP_RESPONSE).withThis().withConstant(RESPONSE_CLOSE);
        hook("org/apache/catalina/connector/OutputBuffer", bytes, chars, string, close);
        hook("org/eclipse/jetty/server/HttpOutput", bytes, close);
        hook("org/eclipse/jetty/ee10/servlet/HttpOutput", bytes, close);
        hook("org/eclipse/jetty/ee11/servlet/HttpOutput", bytes, close);
        hook("io/undertow/servlet/spec/ServletOutputStreamImpl", bytes, close);
        // Undertow's writer encodes straight into the stream's buffer
        hook("io/undertow/servlet/spec/ServletPrintWriter", chars, string);
    }

    /**
     * The log.message join point: one place per library where a log event that passed the level check
     * is handed to appenders or handlers, with the event itself, whose formatted message can still be
     * replaced before any of them writes it.
     */
    private static void logHooks() {
        // java.util.logging: every Logger.log/logp/info... funnels into log(LogRecord); this = the logger (level check)
        hook("java/util/logging/Logger", Hook.of("log", "(Ljava/util/logging/LogRecord;)V", JoinPoints.LOG_MESSAGE, 0).withThis());
        // Log4j 2: LoggerConfig.processLogEvent calls callAppenders once per config on the additivity chain
        hook("org/apache/logging/log4j/core/config/LoggerConfig",
                Hook.of("callAppenders", "(Lorg/apache/logging/log4j/core/LogEvent;)V", JoinPoints.LOG_MESSAGE, 0));
        // Logback: Logger.callAppenders walks the hierarchy itself, so it runs once per event
        hook("ch/qos/logback/classic/Logger",
                Hook.of("callAppenders", "(Lch/qos/logback/classic/spi/ILoggingEvent;)V", JoinPoints.LOG_MESSAGE, 0));
    }

    private static void sinkHooks() {
        // java.net: every URL fetch, the HTTP connection's own connect, and sockets as the floor
        hook("java/net/URL",
                Hook.of("openConnection", "()Ljava/net/URLConnection;", JoinPoints.NET_CONNECT).withThis().withConstant("url"),
                Hook.of("openConnection", "(Ljava/net/Proxy;)Ljava/net/URLConnection;", JoinPoints.NET_CONNECT).withThis().withConstant("url"));
        hook("sun/net/www/protocol/http/HttpURLConnection",
                Hook.of("connect", "()V", JoinPoints.NET_CONNECT).withThis().withConstant("http-url-connection"),
                // http.outbound: the buffered body (getOutputStream without a streaming mode) is complete and not
                // yet written when the request line, headers and body are about to be sent (HTTP and HTTPS)
                Hook.of("writeRequests", "()V", JoinPoints.HTTP_OUTBOUND).withThis().withConstant("http-url-connection"));
        // in a streaming mode the headers are sent by getOutputStream and each write goes straight to the socket:
        // the body is inspected write by write, before the bytes are written
        hook("sun/net/www/protocol/http/HttpURLConnection$StreamingOutputStream",
                Hook.of("write", "([BII)V", JoinPoints.HTTP_OUTBOUND, 0, 1, 2).withThis().withConstant("http-url-connection-stream"));
        // kafka.send: send(record) calls send(record, null); interceptors run inside, after the entry
        hook("org/apache/kafka/clients/producer/KafkaProducer",
                Hook.of("send", "(Lorg/apache/kafka/clients/producer/ProducerRecord;Lorg/apache/kafka/clients/producer/Callback;)",
                        JoinPoints.KAFKA_SEND, 0).withConstant("kafka"));
        hook("java/net/Socket",
                Hook.of("connect", "(Ljava/net/SocketAddress;I)V", JoinPoints.NET_CONNECT, 0).withConstant("socket"));
        hook("sun/nio/ch/SocketChannelImpl",
                Hook.of("connect", "(Ljava/net/SocketAddress;)Z", JoinPoints.NET_CONNECT, 0).withConstant("socket-channel"));
        hook("jdk/internal/net/http/HttpClientImpl",
                Hook.of("send", "(Ljava/net/http/HttpRequest;", JoinPoints.NET_CONNECT, 0).withConstant("http-client"),
                Hook.of("sendAsync", "(Ljava/net/http/HttpRequest;", JoinPoints.NET_CONNECT, 0).withConstant("http-client"),
                // http.outbound: send, sendAsync and sendAsync with a push promise handler all funnel into this
                // private overload (JDK 11 to 25), so that one request is inspected once
                Hook.of("sendAsync", "(Ljava/net/http/HttpRequest;Ljava/net/http/HttpResponse$BodyHandler;"
                        + "Ljava/net/http/HttpResponse$PushPromiseHandler;Ljava/util/concurrent/Executor;)", JoinPoints.HTTP_OUTBOUND, 0)
                        .withConstant("http-client"));
        Hook hc4 = Hook.of("doExecute", "(Lorg/apache/http/HttpHost;Lorg/apache/http/HttpRequest;Lorg/apache/http/protocol/HttpContext;)",
                JoinPoints.NET_CONNECT, 0, 1).withConstant("apache-httpclient-4");
        hook("org/apache/http/impl/client/InternalHttpClient", hc4);
        hook("org/apache/http/impl/client/MinimalHttpClient", hc4);
        hook("org/apache/http/impl/client/AbstractHttpClient", hc4);
        Hook hc5 = Hook.of("doExecute",
                "(Lorg/apache/hc/core5/http/HttpHost;Lorg/apache/hc/core5/http/ClassicHttpRequest;Lorg/apache/hc/core5/http/protocol/HttpContext;)",
                JoinPoints.NET_CONNECT, 0, 1).withConstant("apache-httpclient-5");
        hook("org/apache/hc/client5/http/impl/classic/InternalHttpClient", hc5);
        hook("org/apache/hc/client5/http/impl/classic/MinimalHttpClient", hc5);
        Hook[] okhttp = {
            Hook.of("execute", "()Lokhttp3/Response;", JoinPoints.NET_CONNECT).withThis().withConstant("okhttp"),
            Hook.of("enqueue", "(Lokhttp3/Callback;)V", JoinPoints.NET_CONNECT).withThis().withConstant("okhttp"),
        };
        hook("okhttp3/RealCall", okhttp);
        hook("okhttp3/internal/connection/RealCall", okhttp);

        // XML: DocumentBuilder.parse, SAXParser.parse, XMLReader.parse, Validator.validate and the
        // Transformer's stream sources all reach Xerces' XMLParser.parse; StAX has its own entry
        // the parser itself is passed too: one configured against DTDs cannot be led to external entities
        hook("com/sun/org/apache/xerces/internal/parsers/XMLParser",
                Hook.of("parse", "(Lcom/sun/org/apache/xerces/internal/xni/parser/XMLInputSource;)V", JoinPoints.XML_PARSE, 0)
                        .withThis().withConstant("xerces"));
        hook("org/apache/xerces/parsers/XMLParser",
                Hook.of("parse", "(Lorg/apache/xerces/xni/parser/XMLInputSource;)V", JoinPoints.XML_PARSE, 0).withThis().withConstant("xerces"));
        hook("com/sun/xml/internal/stream/XMLInputFactoryImpl",
                Hook.of("getXMLStreamReaderImpl", "(Lcom/sun/org/apache/xerces/internal/xni/parser/XMLInputSource;)",
                        JoinPoints.XML_PARSE, 0).withThis().withConstant("stax"));

        // LDAP: the searches that take a filter string (InitialLdapContext is a subclass)
        hook("javax/naming/directory/InitialDirContext",
                Hook.of("search", "(Ljava/lang/String;Ljava/lang/String;Ljavax/naming/directory/SearchControls;)", JoinPoints.LDAP_SEARCH, 1, 0),
                Hook.of("search", "(Ljavax/naming/Name;Ljava/lang/String;Ljavax/naming/directory/SearchControls;)", JoinPoints.LDAP_SEARCH, 1, 0),
                Hook.of("search", "(Ljava/lang/String;Ljava/lang/String;[Ljava/lang/Object;Ljavax/naming/directory/SearchControls;)",
                        JoinPoints.LDAP_SEARCH, 1, 0),
                Hook.of("search", "(Ljavax/naming/Name;Ljava/lang/String;[Ljava/lang/Object;Ljavax/naming/directory/SearchControls;)",
                        JoinPoints.LDAP_SEARCH, 1, 0));

        // XPath: the JDK's implementation behind XPathFactory.newInstance()
        hook("com/sun/org/apache/xpath/internal/jaxp/XPathImpl",
                Hook.of("evaluate", "(Ljava/lang/String;", JoinPoints.XPATH_EVAL, 0),
                Hook.of("evaluateExpression", "(Ljava/lang/String;", JoinPoints.XPATH_EVAL, 0),
                Hook.of("compile", "(Ljava/lang/String;)", JoinPoints.XPATH_EVAL, 0));

        // expression languages: SpEL where an expression is evaluated, since only then is its evaluation
        // context known (a SimpleEvaluationContext has no types, constructors or bean references to reach);
        // the others where an expression text is parsed
        Hook[] spel = {
            Hook.of("getValue", null, JoinPoints.EXPRESSION_EVAL, 0, 1).withThis().withConstant("spel"),
            Hook.of("getValueTypedValue", null, JoinPoints.EXPRESSION_EVAL, 0, 1).withThis().withConstant("spel"),
            Hook.of("setValue", null, JoinPoints.EXPRESSION_EVAL, 0, 1).withThis().withConstant("spel"),
        };
        hook("org/springframework/expression/spel/standard/SpelExpression", spel);
        hook("ognl/Ognl", Hook.of("parseExpression", "(Ljava/lang/String;)", JoinPoints.EXPRESSION_EVAL, 0).withConstant("ognl"));
        hook("org/mvel2/MVEL",
                Hook.of("eval", "(Ljava/lang/String;", JoinPoints.EXPRESSION_EVAL, 0).withConstant("mvel"),
                Hook.of("compileExpression", "(Ljava/lang/String;", JoinPoints.EXPRESSION_EVAL, 0).withConstant("mvel"));
        Hook[] jexl = {
            Hook.of("createExpression", null, JoinPoints.EXPRESSION_EVAL, Hook.FIRST_STRING).withConstant("jexl"),
            Hook.of("createScript", null, JoinPoints.EXPRESSION_EVAL, Hook.FIRST_STRING).withConstant("jexl"),
        };
        hook("org/apache/commons/jexl3/internal/Engine", jexl);
        hook("org/apache/commons/jexl2/JexlEngine", jexl);
        Hook[] el = {
            Hook.of("createValueExpression", null, JoinPoints.EXPRESSION_EVAL, Hook.FIRST_STRING).withConstant("el"),
            Hook.of("createMethodExpression", null, JoinPoints.EXPRESSION_EVAL, Hook.FIRST_STRING).withConstant("el"),
        };
        hook("org/apache/el/ExpressionFactoryImpl", el);
        hook("com/sun/el/ExpressionFactoryImpl", el);
        hook("org/glassfish/expressly/ExpressionFactoryImpl", el);
    }

    /**
     * Carrying the request into tasks: the task is wrapped where it is handed over, before the
     * executor makes its own Future of it, so that the Future the caller gets is still the executor's.
     */
    private static void propagationHooks() {
        hook("java/util/concurrent/AbstractExecutorService",
                // submit, invokeAll and invokeAny of every executor that does not override them
                Hook.wrap("newTaskFor", "(Ljava/lang/Runnable;Ljava/lang/Object;)", 0),
                Hook.wrap("newTaskFor", "(Ljava/util/concurrent/Callable;)", 0));
        hook("java/util/concurrent/ThreadPoolExecutor", Hook.wrap("execute", "(Ljava/lang/Runnable;)V", 0));
        hook("java/util/concurrent/ScheduledThreadPoolExecutor",
                Hook.wrap("schedule", "(Ljava/lang/Runnable;JLjava/util/concurrent/TimeUnit;)", 0),
                Hook.wrap("schedule", "(Ljava/util/concurrent/Callable;JLjava/util/concurrent/TimeUnit;)", 0));
        hook("java/util/concurrent/ForkJoinPool",
                Hook.wrap("execute", "(Ljava/lang/Runnable;)V", 0),
                Hook.wrap("submit", "(Ljava/lang/Runnable;)", 0),
                Hook.wrap("submit", "(Ljava/lang/Runnable;Ljava/lang/Object;)", 0),
                Hook.wrap("submit", "(Ljava/util/concurrent/Callable;)", 0));
        // Executors.newVirtualThreadPerTaskExecutor and newThreadPerTaskExecutor (Java 21+)
        hook("java/util/concurrent/ThreadPerTaskExecutor",
                Hook.wrap("execute", "(Ljava/lang/Runnable;)V", 0),
                Hook.wrap("submit", "(Ljava/lang/Runnable;)", 0),
                Hook.wrap("submit", "(Ljava/lang/Runnable;Ljava/lang/Object;)", 0),
                Hook.wrap("submit", "(Ljava/util/concurrent/Callable;)", 0));
        List<Hook> cf = new ArrayList<>();
        String[][] first = {
            {"supplyAsync", "Ljava/util/function/Supplier;"}, {"runAsync", "Ljava/lang/Runnable;"},
            {"completeAsync", "Ljava/util/function/Supplier;"},
            {"thenApplyAsync", "Ljava/util/function/Function;"}, {"thenAcceptAsync", "Ljava/util/function/Consumer;"},
            {"thenRunAsync", "Ljava/lang/Runnable;"}, {"thenComposeAsync", "Ljava/util/function/Function;"},
            {"whenCompleteAsync", "Ljava/util/function/BiConsumer;"}, {"handleAsync", "Ljava/util/function/BiFunction;"},
            {"exceptionallyAsync", "Ljava/util/function/Function;"}, {"exceptionallyComposeAsync", "Ljava/util/function/Function;"},
        };
        for (String[] m : first) {
            cf.add(Hook.wrap(m[0], "(" + m[1], 0));
        }
        String[][] second = {
            {"thenCombineAsync", "Ljava/util/function/BiFunction;"}, {"thenAcceptBothAsync", "Ljava/util/function/BiConsumer;"},
            {"runAfterBothAsync", "Ljava/lang/Runnable;"}, {"applyToEitherAsync", "Ljava/util/function/Function;"},
            {"acceptEitherAsync", "Ljava/util/function/Consumer;"}, {"runAfterEitherAsync", "Ljava/lang/Runnable;"},
        };
        for (String[] m : second) {
            cf.add(Hook.wrap(m[0], "(Ljava/util/concurrent/CompletionStage;" + m[1], 1));
        }
        hook("java/util/concurrent/CompletableFuture", cf.toArray(new Hook[0]));
    }

    /** A servlet container's filter chain: its {@code doFilter} is the request's entry into the application. */
    private static List<Hook> chainHooks(String ns) {
        return Collections.singletonList(Hook.source("doFilter", "(L" + ns + "ServletRequest;L" + ns + "ServletResponse;)V"));
    }

    /**
     * A JDBC driver's Statement, PreparedStatement or Connection (recognised by its methods, whatever
     * interface it implements them for): each method that takes SQL text. The dialect comes from the
     * driver's package, as the JDBC URL prefix the detectors understand.
     */
    private static List<Hook> jdbcHooks(String className, byte[] bytes) {
        String dialect = null;
        for (String[] d : JDBC_DIALECTS) {
            if (className.startsWith(d[0])) {
                dialect = d[1];
                break;
            }
        }
        Object[][] methods = {
            {"execute", "(Ljava/lang/String;*)Z"}, {"executeQuery", "(Ljava/lang/String;)Ljava/sql/ResultSet;"},
            {"executeUpdate", "(Ljava/lang/String;*)I"}, {"executeLargeUpdate", "(Ljava/lang/String;*)J"},
            {"addBatch", "(Ljava/lang/String;)V"}, {"prepareStatement", "(Ljava/lang/String;*)Ljava/sql/PreparedStatement;"},
            {"prepareCall", "(Ljava/lang/String;*)Ljava/sql/CallableStatement;"},
        };
        List<Hook> hooks = new ArrayList<>();
        for (Object[] m : methods) {
            Hook h = Hook.of((String) m[0], (String) m[1], JoinPoints.SQL_EXECUTE, 0).withConstant(dialect == null ? "" : dialect);
            hooks.add(h);
        }
        if (resultSet(bytes)) {
            hooks.addAll(RESULT_HOOKS);
        }
        return hooks;
    }

    /**
     * The jdbc.result join point: the value getters through which an application (or its mapper: Spring's
     * JdbcTemplate, MyBatis, Hibernate) reads text and objects of a row, by index and by label. A driver whose
     * label getter calls its index getter (PostgreSQL's PgResultSet) reaches the join point twice with the same
     * value; the agent dispatches it once (Arguments).
     */
    private static final List<Hook> RESULT_HOOKS = Collections.unmodifiableList(Arrays.asList(
            Hook.result("getString", "(I)Ljava/lang/String;"), Hook.result("getString", "(Ljava/lang/String;)Ljava/lang/String;"),
            Hook.result("getNString", "(I)Ljava/lang/String;"), Hook.result("getNString", "(Ljava/lang/String;)Ljava/lang/String;"),
            Hook.result("getObject", "(I)Ljava/lang/Object;"), Hook.result("getObject", "(Ljava/lang/String;)Ljava/lang/Object;")));

    /**
     * A concrete driver class that implements {@code java.sql.ResultSet} itself, or a driver interface of its own
     * named for it (MySQL's {@code ResultSetInternalMethods}, Oracle's {@code OracleResultSet}), read from the class
     * file without loading anything.
     */
    static boolean resultSet(byte[] bytes) {
        ClassReader r = new ClassReader(bytes);
        if ((r.getAccess() & (org.objectweb.asm.Opcodes.ACC_INTERFACE | org.objectweb.asm.Opcodes.ACC_ABSTRACT)) != 0) {
            return false;
        }
        for (String i : r.getInterfaces()) {
            if (i.equals("java/sql/ResultSet") || !i.startsWith("java/") && i.substring(i.lastIndexOf('/') + 1).contains("ResultSet")) {
                return true;
            }
        }
        return false;
    }

    /** Driver package to the JDBC URL prefix of its dialect. */
    private static final String[][] JDBC_DIALECTS = {
        {"org/h2/", "jdbc:h2:"}, {"org/postgresql/", "jdbc:postgresql:"}, {"com/mysql/", "jdbc:mysql:"},
        {"org/mariadb/", "jdbc:mariadb:"}, {"oracle/jdbc/", "jdbc:oracle:"}, {"com/microsoft/sqlserver/", "jdbc:sqlserver:"},
        {"net/sourceforge/jtds/", "jdbc:jtds:"}, {"org/sqlite/", "jdbc:sqlite:"}, {"org/hsqldb/", "jdbc:hsqldb:"},
        {"org/apache/derby/", "jdbc:derby:"}, {"com/ibm/db2/", "jdbc:db2:"},
    };

    /**
     * Connection pools and JDBC proxies only pass the SQL on to the driver, which is woven itself;
     * weaving them too would check every statement twice.
     */
    private static final String[] JDBC_DELEGATES = {
        "com/zaxxer/hikari/", "org/apache/commons/dbcp", "org/apache/tomcat/dbcp/", "org/apache/tomcat/jdbc/pool/",
        "com/mchange/v2/c3p0/", "com/alibaba/druid/pool/", "org/springframework/jdbc/datasource/", "net/ttddyy/dsproxy/",
        "com/p6spy/", "net/sf/log4jdbc/", "io/opentelemetry/", "org/jboss/jca/adapters/jdbc/",
    };

    private static final byte[] JAVA_SQL = "java/sql/".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);

    private static boolean jdkClass(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/") || internalName.startsWith("com/sun/");
    }

    /** Whether {@code bytes} contains {@code needle} (a class file's constant pool mentions a type). */
    static boolean contains(byte[] bytes, byte[] needle) {
        byte first = needle[0];
        int last = bytes.length - needle.length;
        outer:
        for (int i = 0; i <= last; i++) {
            if (bytes[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void hook(String internalName, Hook... hooks) {
        HOOKS.put(internalName, Collections.unmodifiableList(Arrays.asList(hooks)));
    }

    /**
     * Told of every class the JVM defines through a class loader (the inventory's change check).
     * It runs inside class loading, so it must be cheap and must not throw.
     */
    public interface ClassLoads {
        void loaded(String internalName, ProtectionDomain protectionDomain);
    }

    /** The agent's own packages: never woven, never patched. */
    private static final String[] AGENT_PACKAGES = {
        "secplane.bootstrap.", "secplane.agent.", "secplane.aspect.", "secplane.aspects.", "secplane.protocol.", "secplane.shaded.",
    };
    private static final int[] NO_SLOTS = new int[0];

    private final Instrumentation instrumentation;
    private final AgentLog log;
    private volatile ClassLoads classLoads;
    private final Set<String> woven = Collections.newSetFromMap(new ConcurrentHashMap<String, Boolean>());
    private final Set<Object> modulesWithReadEdge = Collections.newSetFromMap(new ConcurrentHashMap<Object, Boolean>());
    private volatile boolean installed;
    /** Virtual patches by internal class name; replaced whole by {@link #patchHooks(Map)}. */
    private volatile Map<String, List<PatchHook>> patchHooks = Collections.emptyMap();
    /** Every class name that ever had patch hooks, so that the transformer keeps its record up to date. */
    private volatile Set<String> patchNames = Collections.emptySet();
    /**
     * What the transformer last wove into each class, by defining loader: the patch slots. A class
     * the JVM refused to retransform gets its previous record back ({@link #retransform(Class)}).
     */
    private final Map<ClassLoader, Map<String, int[]>> patchedByLoader = new java.util.WeakHashMap<>();
    private final Map<String, int[]> patchedByBootstrap = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger patchGeneration = new java.util.concurrent.atomic.AtomicInteger();

    public Weaver(Instrumentation instrumentation, AgentLog log) {
        this.instrumentation = instrumentation;
        this.log = log;
    }

    public synchronized void install() {
        if (installed) {
            return;
        }
        long t0 = System.nanoTime();
        installed = true;
        instrumentation.addTransformer(this, true);
        List<Class<?>> loaded = new ArrayList<>();
        Map<String, List<PatchHook>> patched = patchHooks;
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if ((isTarget(c) || patched.containsKey(c.getName().replace('.', '/'))) && instrumentation.isModifiableClass(c)) {
                loaded.add(c);
            }
        }
        retransform(loaded);
        log.info("weaving installed in " + (System.nanoTime() - t0) / 1_000_000 + " ms; " + loaded.size()
                + " loaded classes retransformed");
    }

    /** @param listener told of each class defined from now on, or null to stop */
    public void classLoads(ClassLoads listener) {
        this.classLoads = listener;
    }

    /** Removes the transformer and retransforms every woven class back to its original bytecode. */
    public synchronized void reset() {
        if (!installed) {
            return;
        }
        installed = false;
        classLoads = null;
        instrumentation.removeTransformer(this);
        List<Class<?>> restore = new ArrayList<>();
        for (Class<?> c : instrumentation.getAllLoadedClasses()) {
            if (woven.contains(c.getName()) && instrumentation.isModifiableClass(c)) {
                restore.add(c);
            }
        }
        retransform(restore);
        woven.clear();
        patchHooks = Collections.emptyMap();
        synchronized (patchedByLoader) {
            patchedByLoader.clear();
            patchedByBootstrap.clear();
        }
    }

    public boolean installed() {
        return installed;
    }

    /**
     * Sets the virtual patches to weave, by internal class name. Classes already loaded are not
     * touched here: the caller retransforms those whose hooks changed ({@link #retransform(Class)}).
     */
    public void patchHooks(Map<String, List<PatchHook>> byClass) {
        Map<String, List<PatchHook>> copy = new HashMap<>();
        for (Map.Entry<String, List<PatchHook>> e : byClass.entrySet()) {
            copy.put(e.getKey(), Collections.unmodifiableList(new ArrayList<>(e.getValue())));
        }
        Set<String> names = new HashSet<>(patchNames);
        names.addAll(copy.keySet());
        patchNames = Collections.unmodifiableSet(names);
        patchHooks = Collections.unmodifiableMap(copy);
    }

    public Map<String, List<PatchHook>> patchHooks() {
        return patchHooks;
    }

    /**
     * Retransforms one loaded class, so that it gets exactly the hooks now configured (the JVM hands
     * this transformer the class's original bytes).
     *
     * @return null when the JVM took the new class, else why it did not (the class keeps its bytecode)
     */
    public String retransform(Class<?> c) {
        if (!installed) {
            return "the agent's weaving is not installed";
        }
        if (!instrumentation.isModifiableClass(c)) {
            return "the JVM does not allow " + c.getName() + " to be retransformed";
        }
        String name = c.getName().replace('.', '/');
        int[] before = patchSlots(c);
        try {
            instrumentation.retransformClasses(c);
            return null;
        } catch (Throwable e) {
            record(c.getClassLoader(), name, before);
            log.error("retransforming " + c.getName() + " failed; it keeps its current bytecode", e);
            return String.valueOf(e);
        }
    }

    /** The patch slots the transformer wove into this loaded class, in ascending order; empty if none. */
    public int[] patchSlots(Class<?> c) {
        ClassLoader loader = c.getClassLoader();
        String name = c.getName().replace('.', '/');
        synchronized (patchedByLoader) {
            Map<String, int[]> m = loader == null ? patchedByBootstrap : patchedByLoader.get(loader);
            int[] slots = m == null ? null : m.get(name);
            return slots == null ? NO_SLOTS : slots;
        }
    }

    /** Changes whenever the transformer's record of patched classes changes (a class loaded and was patched). */
    public int patchGeneration() {
        return patchGeneration.get();
    }

    private void record(ClassLoader loader, String internalName, int[] slots) {
        synchronized (patchedByLoader) {
            Map<String, int[]> m;
            if (loader == null) {
                m = patchedByBootstrap;
            } else {
                m = patchedByLoader.get(loader);
                if (m == null) {
                    if (slots.length == 0) {
                        return;
                    }
                    m = new HashMap<>();
                    patchedByLoader.put(loader, m);
                }
            }
            int[] old = slots.length == 0 ? m.remove(internalName) : m.put(internalName, slots);
            if (!Arrays.equals(old == null ? NO_SLOTS : old, slots)) {
                patchGeneration.incrementAndGet();
            }
        }
    }

    /** True for the agent's own classes (binary or internal names), which are never woven or patched. */
    public static boolean isAgentClass(String name) {
        String binary = name.replace('/', '.');
        for (String p : AGENT_PACKAGES) {
            if (binary.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private void retransform(List<Class<?>> classes) {
        for (Class<?> c : classes) {
            try {
                instrumentation.retransformClasses(c);
            } catch (Throwable e) {
                log.error("retransforming " + c.getName() + " failed; it keeps its current bytecode", e);
            }
        }
    }

    /** The classes woven so far (names), for status and tests. */
    public Set<String> woven() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(woven));
    }

    private static boolean isTarget(Class<?> c) {
        String internal = c.getName().replace('.', '/');
        if (HOOKS.containsKey(internal)) {
            return true;
        }
        if (!c.isInterface() && c.getName().contains("Chain")) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals("javax.servlet.FilterChain") || i.getName().equals("jakarta.servlet.FilterChain")) {
                    return true;
                }
            }
        }
        if (!c.isInterface() && !jdkClass(internal) && !jdbcDelegate(internal) && implementsJdbc(c)) {
            return true;
        }
        if (!c.getName().contains("Script") || c.isInterface()) {
            return false;
        }
        Class<?> superclass = c.getSuperclass();
        if (superclass != null && (superclass.getName().equals("javax.script.AbstractScriptEngine")
                || superclass.getName().equals("javax.script.CompiledScript"))) {
            return true;
        }
        for (Class<?> i : c.getInterfaces()) {
            if (i.getName().equals("javax.script.ScriptEngine")) {
                return true;
            }
        }
        return false;
    }

    /** A loaded class that implements a JDBC type through which SQL text is handed to the driver. */
    private static boolean implementsJdbc(Class<?> c) {
        for (Class<?> s = c; s != null && s != Object.class; s = s.getSuperclass()) {
            if (jdbcInterface(s.getInterfaces(), 0)) {
                return true;
            }
        }
        return false;
    }

    private static boolean jdbcInterface(Class<?>[] interfaces, int depth) {
        for (Class<?> i : interfaces) {
            String n = i.getName();
            if (n.equals("java.sql.Statement") || n.equals("java.sql.Connection") || n.equals("java.sql.ResultSet")) {
                return true;
            }
            if (depth < 8 && jdbcInterface(i.getInterfaces(), depth + 1)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        ClassLoads listener = classLoads;
        // the bootstrap loader's classes are the JDK's, and a listener that loads one cannot recurse here
        if (listener != null && loader != null && classBeingRedefined == null) {
            try {
                listener.loaded(className, protectionDomain);
            } catch (Throwable ignored) {
                // the inventory must never fail a class load
            }
        }
        if (className == null || isAgentClass(className)) {
            return null;
        }
        boolean patchable = patchNames.contains(className);
        try {
            List<Hook> hooks = HOOKS.get(className);
            if (hooks == null && className.contains("Script")) {
                hooks = engineHooks(classfileBuffer);
            }
            if (hooks == null && className.contains("Chain")) {
                hooks = filterChainHooks(classfileBuffer);
            }
            if (hooks == null && !jdkClass(className) && !jdbcDelegate(className) && contains(classfileBuffer, JAVA_SQL)) {
                hooks = jdbcHooks(className, classfileBuffer);
            }
            List<PatchHook> patches = patchable ? patchHooks.get(className) : null;
            if (hooks == null && patches == null) {
                if (patchable) {
                    record(loader, className, NO_SLOTS);
                    this.woven.remove(className.replace('/', '.'));
                }
                return null;
            }
            HookWriter.Result result = HookWriter.weave(classfileBuffer, hooks == null ? Collections.<Hook>emptyList() : hooks,
                    patches == null ? Collections.<PatchHook>emptyList() : patches);
            if (patchable) {
                record(loader, className, result == null ? NO_SLOTS : result.slots);
            }
            if (result == null) {
                return null;
            }
            byte[] woven = result.bytes;
            if (classBeingRedefined != null) {
                ensureReadEdge(classBeingRedefined);
            } else if (loader != null && !className.startsWith("java/") && !className.startsWith("javax/")
                    && !className.startsWith("sun/") && !className.startsWith("jdk/")) {
                // code in an unnamed module reads every module; a named library module (rare for
                // these targets) gets its edge when it is first retransformed
                log.debug("woven at load " + className);
            }
            this.woven.add(className.replace('/', '.'));
            log.debug("woven " + className.replace('/', '.'));
            return woven;
        } catch (Throwable e) {
            if (patchable) {
                record(loader, className, NO_SLOTS);
            }
            log.error("weaving " + className + " failed; it runs unprotected", e);
            return null;
        }
    }

    /** A class that implements {@code javax|jakarta.servlet.FilterChain} itself: a container's chain. */
    private static List<Hook> filterChainHooks(byte[] bytes) {
        ClassReader r = new ClassReader(bytes);
        if ((r.getAccess() & (org.objectweb.asm.Opcodes.ACC_INTERFACE | org.objectweb.asm.Opcodes.ACC_ABSTRACT)) != 0) {
            return null;
        }
        for (String i : r.getInterfaces()) {
            if (i.equals("javax/servlet/FilterChain")) {
                return chainHooks("javax/servlet/");
            }
            if (i.equals("jakarta/servlet/FilterChain")) {
                return chainHooks("jakarta/servlet/");
            }
        }
        return null;
    }

    private static boolean jdbcDelegate(String className) {
        for (String d : JDBC_DELEGATES) {
            if (className.startsWith(d)) {
                return true;
            }
        }
        return false;
    }

    /** Concrete script engines and compiled scripts: their {@code eval} methods. */
    private static List<Hook> engineHooks(byte[] bytes) {
        ClassReader r = new ClassReader(bytes);
        if ((r.getAccess() & org.objectweb.asm.Opcodes.ACC_INTERFACE) != 0) {
            return null;
        }
        String superName = r.getSuperName();
        boolean engine = "javax/script/AbstractScriptEngine".equals(superName);
        for (String i : r.getInterfaces()) {
            engine |= i.equals("javax/script/ScriptEngine");
        }
        if (engine) {
            return Arrays.asList(scriptHooks());
        }
        if ("javax/script/CompiledScript".equals(superName)) {
            return Collections.singletonList(Hook.of("eval", "(Ljavax/script/ScriptContext;)", JoinPoints.SCRIPT_EVAL, 0).withThis());
        }
        return null;
    }

    /**
     * Woven code in a named module (the JDK's own java.base and java.naming) calls
     * the trampoline in the bootstrap loader's unnamed module, which a named module does not read
     * unless told to. Java 9+ only, through reflection since the agent is Java 8 bytecode.
     */
    public void addReadEdges() {
        for (String probe : new String[] {"java.lang.Object", "javax.naming.InitialContext"}) {
            try {
                ensureReadEdge(Class.forName(probe, false, null));
            } catch (ClassNotFoundException ignored) {
                // module not present in this runtime
            }
        }
        // the sinks woven in java.xml (parsers, XPath) and java.net.http (HttpClient), found without loading them
        ensureReadEdgeFor("com.sun.org.apache.xerces.internal.parsers.XMLParser");
        ensureReadEdgeFor("jdk.internal.net.http.HttpClientImpl");
        // java.util.logging's Logger.log(LogRecord) is the log.message join point of the JDK's own logging
        ensureReadEdgeFor("java.util.logging.Logger");
        // the agent reads the document a parser is handed from Xerces' own input source (Arguments)
        // http.outbound reads HttpURLConnection's buffered body from its private field
        addOpenToAgent("sun.net.www.protocol.http.HttpURLConnection");
        addExportToAgent("com.sun.org.apache.xerces.internal.xni.parser.XMLInputSource");
        addExportToAgent("com.sun.org.apache.xerces.internal.parsers.XMLParser");
        addExportToAgent("com.sun.xml.internal.stream.XMLInputFactoryImpl");
        addExportToAgent("com.sun.org.apache.xerces.internal.jaxp.SAXParserImpl");
        // JDK 24+ keeps disallow-doctype-decl in the parser's security manager, not among its features
        addExportToAgent("jdk.xml.internal.XMLSecurityManager");
    }

    /** Opens (for deep reflection) the package of a JDK class to the agent's own module (Java 9+; nothing on Java 8). */
    private void addOpenToAgent(String binaryClassName) {
        moduleAccess(binaryClassName, true);
    }

    /**
     * Opens the package of a JDK class (not loaded here) to the agent's own class loader, so that the
     * agent can call that class's public methods reflectively (Java 9+; nothing on Java 8).
     */
    private void addExportToAgent(String binaryClassName) {
        moduleAccess(binaryClassName, false);
    }

    private void moduleAccess(String binaryClassName, boolean open) {
        int dot = binaryClassName.lastIndexOf('.');
        String pkg = binaryClassName.substring(0, dot);
        try {
            Class<?> layerClass = Class.forName("java.lang.ModuleLayer");
            Object boot = layerClass.getMethod("boot").invoke(null);
            for (Object module : (Set<?>) layerClass.getMethod("modules").invoke(boot)) {
                Set<?> packages = (Set<?>) module.getClass().getMethod("getPackages").invoke(module);
                if (packages.contains(pkg)) {
                    Method getModule = Class.class.getMethod("getModule");
                    Object agentModule = getModule.invoke(Weaver.class);
                    Class<?> moduleClass = Class.forName("java.lang.Module");
                    Method redefine = Instrumentation.class.getMethod("redefineModule", moduleClass, Set.class, Map.class,
                            Map.class, Set.class, Map.class);
                    Map<String, Set<Object>> exports = new HashMap<>();
                    exports.put(pkg, new HashSet<>(Collections.singleton(agentModule)));
                    redefine.invoke(instrumentation, module, Collections.emptySet(), open ? Collections.emptyMap() : exports,
                            open ? exports : Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
                    return;
                }
            }
        } catch (ClassNotFoundException e) {
            // Java 8: no modules, everything is accessible
        } catch (Throwable e) {
            log.error("cannot open " + pkg + " to the agent", e);
        }
    }

    /**
     * Gives the named module of a JDK class that is not loaded yet a read edge to the trampoline,
     * so that a patch woven into it when it loads can call it (Java 9+; nothing on Java 8, and
     * nothing for classes outside the boot layer's named modules).
     */
    public void ensureReadEdgeFor(String binaryClassName) {
        int dot = binaryClassName.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String pkg = binaryClassName.substring(0, dot);
        try {
            Class<?> layerClass = Class.forName("java.lang.ModuleLayer");
            Object boot = layerClass.getMethod("boot").invoke(null);
            for (Object module : (Set<?>) layerClass.getMethod("modules").invoke(boot)) {
                Set<?> packages = (Set<?>) module.getClass().getMethod("getPackages").invoke(module);
                if (packages.contains(pkg)) {
                    addReadEdge(module, binaryClassName);
                    return;
                }
            }
        } catch (ClassNotFoundException e) {
            // Java 8: no modules
        } catch (Throwable e) {
            log.error("cannot find the module of " + binaryClassName, e);
        }
    }

    private void addReadEdge(Object module, String what) {
        try {
            Method getModule = Class.class.getMethod("getModule");
            Object target = getModule.invoke(Dispatcher.class);
            boolean named = (Boolean) module.getClass().getMethod("isNamed").invoke(module);
            if (!named || !modulesWithReadEdge.add(module)) {
                return;
            }
            Class<?> moduleClass = Class.forName("java.lang.Module");
            Method redefine = Instrumentation.class.getMethod("redefineModule", moduleClass, Set.class, Map.class,
                    Map.class, Set.class, Map.class);
            redefine.invoke(instrumentation, module, new HashSet<>(Collections.singleton(target)),
                    Collections.emptyMap(), Collections.emptyMap(), Collections.emptySet(), Collections.emptyMap());
        } catch (Throwable e) {
            log.error("cannot let the module of " + what + " read the trampoline", e);
        }
    }

    private void ensureReadEdge(Class<?> woven) {
        Object module;
        try {
            module = Class.class.getMethod("getModule").invoke(woven);
        } catch (NoSuchMethodException e) {
            return; // Java 8: no modules
        } catch (Throwable e) {
            log.error("cannot find the module of " + woven.getName(), e);
            return;
        }
        addReadEdge(module, woven.getName());
    }
}
