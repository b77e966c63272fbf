package secplane.bench.joinpoints;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import secplane.bootstrap.Dispatcher;
import secplane.bootstrap.JoinPoints;

/**
 * The woven JDK paths at their cheapest, so that what the agent adds is as large a share of each
 * call as it can be. {@link JmhRunner} runs this class three times: without the agent, with the
 * agent and every aspect disabled (join points woven, no bit of {@link Dispatcher#active} set), and
 * with the default policy; the figures are the differences between those runs.
 *
 * <p>The JVM arguments are set by the runner; the annotations here are only the defaults for a
 * plain {@code java -jar benchmarks.jar} run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class JoinPointBenchmarks {

    /**
     * Class descriptors in {@link #serialized}: ArrayList, Integer, Number. Checked in
     * {@link #setUp} so that the per-descriptor figure in the report cannot silently go wrong.
     */
    public static final int DESCRIPTORS = 3;

    private byte[] serialized;
    private Context jndi;
    private File file;
    private byte[] program;
    private byte[] argBlock;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ArrayList<Integer> graph = new ArrayList<>(List.of(1000, 2000, 3000));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(graph);
        }
        serialized = bytes.toByteArray();
        int descriptors = countDescriptors(serialized);
        if (descriptors != DESCRIPTORS) {
            throw new IllegalStateException("the serialized graph has " + descriptors + " class descriptors, the report assumes "
                    + DESCRIPTORS);
        }

        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, MemoryContextFactory.class.getName());
        jndi = new InitialContext(env);
        if (!MemoryContextFactory.VALUE.equals(jndi.lookup(MemoryContextFactory.NAME))) {
            throw new IllegalStateException("the in-memory JNDI context does not answer " + MemoryContextFactory.NAME);
        }

        file = Files.createTempFile("secplane-bench", ".tmp").toFile();

        // ProcessImpl's raw constructor arguments: NUL-terminated program, then each further
        // argument NUL-terminated; the working directory null means "inherit".
        program = "/bin/true\0".getBytes(StandardCharsets.UTF_8);
        argBlock = "--version\0".getBytes(StandardCharsets.UTF_8);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws NamingException {
        jndi.close();
        if (!file.delete()) {
            file.deleteOnExit();
        }
    }

    private static int countDescriptors(byte[] data) throws IOException, ClassNotFoundException {
        int[] count = {0};
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(data)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                count[0]++;
                return super.resolveClass(desc);
            }
        }) {
            in.readObject();
        }
        return count[0];
    }

    /**
     * Reference only, not a join point: the guard that woven code runs before anything else (one
     * volatile read of {@code Dispatcher.active}, a mask and a branch).
     */
    @Benchmark
    public boolean guardOnly() {
        return (Dispatcher.active & (1 << JoinPoints.JNDI_LOOKUP)) != 0;
    }

    /** {@code jndi.lookup}: an allowed {@code java:} name, which the JNDI aspect inspects and lets pass. */
    @Benchmark
    public Object jndiLookup() throws NamingException {
        return jndi.lookup(MemoryContextFactory.NAME);
    }

    /** {@code deserialize.class}: one {@code readObject} that reads {@link #DESCRIPTORS} class descriptors. */
    @Benchmark
    public Object deserialize() throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(serialized))) {
            return in.readObject();
        }
    }

    /** {@code file.write}: open for writing and close; dominated by the open/close system calls. */
    @Benchmark
    public void fileOpen() throws IOException {
        new FileOutputStream(file).close();
    }

    /**
     * {@code process.start}, without forking: calls the trampoline exactly as the woven
     * {@code ProcessImpl} constructor does, with a harmless command and no exploit frame on the
     * stack, so the process aspect runs its whole inspection (stack walk included) and allows.
     * Without the agent, {@code dispatch} returns at once (no handler).
     */
    @Benchmark
    public void processDispatch() {
        Dispatcher.dispatch(JoinPoints.PROCESS_START, null, new Object[] {program, argBlock, null});
    }

    /**
     * The trampoline alone: {@code dispatch} on {@code probe}, a join point that no aspect subscribes
     * to (re-entry guard, handler call, empty subscriber list).
     */
    @Benchmark
    public void probeDispatch() {
        Dispatcher.dispatch(JoinPoints.PROBE, null, new Object[] {program});
    }
}
