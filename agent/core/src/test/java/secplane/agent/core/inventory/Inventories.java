package secplane.agent.core.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Inventories made up for the tests of code outside this package (the control-plane client). */
public final class Inventories {
    private Inventories() {
    }

    /** An inventory of this version with one jar per path (log4j-core 2.14.1 coordinates, a made-up hash). */
    public static Inventory of(long version, String... jarPaths) {
        List<Jar> jars = new ArrayList<>();
        for (String p : jarPaths) {
            jars.add(new Jar(p, Jar.JAR, 1745701, TestJars.LOG4J_SHA256,
                    List.of(new Component("org.apache.logging.log4j", "log4j-core", "2.14.1", Component.POM, null)), null));
        }
        return new Inventory(0, null, Collector.jdk(), Map.of("name", "Apache Tomcat", "version", "9.0.60"), jars)
                .withVersion(version, "2026-11-29T20:00:00.000Z");
    }
}
