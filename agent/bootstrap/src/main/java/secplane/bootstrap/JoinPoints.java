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

    private static final String[] NAMES = {
        "jndi.lookup", "deserialize.class", "process.start", "script.eval", "spring.bind", "file.write", "probe"
    };

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
