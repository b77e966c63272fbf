package secplane.bench.footprint;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;

/**
 * A target JVM that waits for commands on stdin, for the attach and heap measurements: it prints
 * {@code ready <pid>}, then answers {@code gc} with its heap, metaspace and class count after
 * several full collections, and exits on {@code exit} or end of input.
 */
public final class IdleMain {
    private IdleMain() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("ready " + ProcessHandle.current().pid());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            if (line.equals("gc")) {
                System.out.println(settledMemory());
            }
        }
    }

    /** One line of key=value pairs, read after the heap has stopped shrinking. */
    private static String settledMemory() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        long metaspace = 0;
        long classSpace = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                metaspace = pool.getUsage().getUsed();
            } else if (pool.getName().equals("Compressed Class Space")) {
                classSpace = pool.getUsage().getUsed();
            }
        }
        return "heapUsed=" + used
                + " nonHeapUsed=" + ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed()
                + " metaspaceUsed=" + metaspace
                + " classSpaceUsed=" + classSpace
                + " loadedClasses=" + ManagementFactory.getClassLoadingMXBean().getLoadedClassCount()
                + " threads=" + ManagementFactory.getThreadMXBean().getThreadCount()
                + " gc=" + ManagementFactory.getGarbageCollectorMXBeans().get(0).getName();
    }
}
