package secplane.bench.inventory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import secplane.agent.core.inventory.Collector;
import secplane.agent.core.inventory.Inventory;

/**
 * The agent's inventory collector ({@code agent/core}, package {@code inventory}) on real jars of a
 * local Maven repository: the first collection in a JVM, which hashes and reads every jar
 * ({@link #firstCollection}); a later one when nothing changed, which only checks each file's size
 * and time ({@link #unchangedCollection}); and a Spring Boot fat jar holding the same jars, read as
 * streams ({@link #fatJarFirstCollection}). Files are in the page cache after the first iteration.
 * No classes are handed to the collector here (a JMH fork has no {@code Instrumentation}); the
 * agent's own timing with its loaded classes is measured by {@link InventoryFootprint}.
 *
 * <pre>java -jar bench/target/benchmarks.jar InventoryBenchmarks -p repository=/path/to/.m2/repository -p jars=300</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class InventoryBenchmarks {
    private static final Collector.LoadedClasses NONE = () -> new Class<?>[0];

    @State(Scope.Benchmark)
    public static class Jars {
        /** Empty: ~/.m2/repository. */
        @Param("")
        public String repository;

        @Param("300")
        public int jars;

        List<Path> picked;
        List<String> classPath;

        @Setup(Level.Trial)
        public void pick() throws Exception {
            Path repo = repository.isEmpty() ? JarSet.defaultRepository() : Path.of(repository);
            picked = JarSet.pick(repo, jars);
            classPath = new ArrayList<>();
            picked.forEach(p -> classPath.add(p.toString()));
            System.out.printf("%n%d jars, %.1f MiB%n", picked.size(), JarSet.bytes(picked) / 1048576.0);
        }
    }

    @State(Scope.Benchmark)
    public static class FatJar {
        String path;

        @Setup(Level.Trial)
        public void build(Jars jars) throws Exception {
            path = JarSet.fatJar(jars.picked, Path.of("bench", "target", "inventory-work", "app.jar").toAbsolutePath()).toString();
        }
    }

    @State(Scope.Benchmark)
    public static class Warm {
        Collector collector;

        @Setup(Level.Trial)
        public void collectOnce(Jars jars) {
            collector = new Collector(NONE, jars.classPath, null, System.getProperty("java.home"));
            collector.collect();
        }
    }

    @Benchmark
    public Inventory firstCollection(Jars jars) {
        return new Collector(NONE, jars.classPath, null, System.getProperty("java.home")).collect();
    }

    @Benchmark
    public Inventory unchangedCollection(Warm warm) {
        return warm.collector.collect();
    }

    @Benchmark
    public Inventory fatJarFirstCollection(FatJar fat) {
        return new Collector(NONE, List.of(fat.path), fat.path, System.getProperty("java.home")).collect();
    }
}
