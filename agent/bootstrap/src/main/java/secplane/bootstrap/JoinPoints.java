package secplane.bootstrap;

/**
 * The stable names of the places the agent instruments. Woven code refers to a join point by
 * its index (a compile-time constant inlined into the advice), aspects and policies by its name.
 */
public final class JoinPoints {
    public static final int JNDI_LOOKUP = 0;
    public static final int DESERIALIZE_CLASS = 1;
    public static final int PROCESS_START = 2;
    public static final int SCRIPT_EVAL = 3;
    public static final int SPRING_BIND = 4;
    public static final int FILE_WRITE = 5;
    /** A join point with no weaving behind it, dispatched directly by benchmarks and tests. */
    public static final int PROBE = 6;
    /** The source: a servlet request enters the application (its context is recorded for the sinks below). */
    public static final int HTTP_REQUEST = 7;
    public static final int SQL_EXECUTE = 8;
    public static final int FILE_READ = 9;
    public static final int FILE_LIST = 10;
    public static final int FILE_DELETE = 11;
    public static final int NET_CONNECT = 12;
    public static final int XML_PARSE = 13;
    public static final int LDAP_SEARCH = 14;
    public static final int XPATH_EVAL = 15;
    public static final int EXPRESSION_EVAL = 16;
    /** A write to the body of the current servlet response. */
    public static final int HTTP_RESPONSE = 17;
    /** A log event about to reach its appenders or handlers (Log4j 2, Logback, java.util.logging): its formatted message. */
    public static final int LOG_MESSAGE = 18;
    /** A value read from a JDBC result set (column metadata and the value; sampled by the receiving aspect). */
    public static final int JDBC_RESULT = 19;
    /** The body of an outbound HTTP request the application sends (JDK HttpClient, HttpURLConnection). */
    public static final int HTTP_OUTBOUND = 20;
    /** A record handed to a Kafka producer's send. */
    public static final int KAFKA_SEND = 21;

    private static final String[] NAMES = {
        "jndi.lookup", "deserialize.class", "process.start", "script.eval", "spring.bind", "file.write", "probe",
        "http.request", "sql.execute", "file.read", "file.list", "file.delete", "net.connect", "xml.parse",
        "ldap.search", "xpath.eval", "expression.eval", "http.response", "log.message",
        "jdbc.result", "http.outbound", "kafka.send"
    };

    /** At most 32: {@link Dispatcher#active} is an int with one bit per join point. */
    public static final int COUNT = NAMES.length;

    private JoinPoints() {
    }

    public static String name(int id) {
        return id >= 0 && id < NAMES.length ? NAMES[id] : "unknown";
    }

    /** @return the index of the named join point, or -1 */
    public static int id(String name) {
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
