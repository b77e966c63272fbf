package secplane.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** The agent jar shows application class loaders nothing but the tiny trampoline. */
class AgentJarContentsTest {

    @Test
    void exposesNoClassOutsideTheTrampolinePackage() throws Exception {
        List<String> outside = new ArrayList<>();
        List<String> trampoline = new ArrayList<>();
        List<String> hidden = new ArrayList<>();
        try (JarFile jar = new JarFile(TestEnv.agentJar().toFile())) {
            for (String name : Collections.list(jar.entries()).stream().map(e -> e.getName()).toList()) {
                if (name.endsWith("/")) {
                    continue;
                }
                if (name.startsWith("secplane/bootstrap/") && name.endsWith(".class")) {
                    trampoline.add(name);
                } else if (name.startsWith("inst/")) {
                    hidden.add(name);
                    if (name.endsWith(".class")) {
                        outside.add(name + " (a loadable class under inst/)");
                    }
                } else if (!name.startsWith("META-INF/")) {
                    outside.add(name);
                }
            }
        }
        assertThat(outside).as("entries outside META-INF/, secplane/bootstrap/ and inst/").isEmpty();
        assertThat(trampoline).as("the trampoline stays tiny").hasSizeLessThanOrEqualTo(10)
                .contains("secplane/bootstrap/Dispatcher.class", "secplane/bootstrap/AgentEntry.class");
        assertThat(hidden).as("core, relocated ASM and SnakeYAML, and the built-in aspects are stored as data")
                .contains("inst/secplane/agent/core/Agent.classdata", "inst/aspects/jndi.jar", "inst/aspects/deserialization.jar", "inst/aspects/data.jar",
                        "inst/secplane/shaded/asm/ClassReader.classdata")
                .anyMatch(n -> n.startsWith("inst/secplane/shaded/snakeyaml/"))
                .noneMatch(n -> n.startsWith("inst/org/objectweb/") || n.startsWith("inst/org/yaml/"));
    }

    @Test
    void declaresBothEntryPointsAndRetransformation() throws Exception {
        try (JarFile jar = new JarFile(TestEnv.agentJar().toFile())) {
            Manifest m = jar.getManifest();
            assertThat(m.getMainAttributes().getValue("Premain-Class")).isEqualTo("secplane.bootstrap.AgentEntry");
            assertThat(m.getMainAttributes().getValue("Agent-Class")).isEqualTo("secplane.bootstrap.AgentEntry");
            assertThat(m.getMainAttributes().getValue("Can-Retransform-Classes")).isEqualTo("true");
        }
    }

    @Test
    void agentAspectApiAndProtocolAreJava8Bytecode() throws Exception {
        try (JarFile jar = new JarFile(TestEnv.agentJar().toFile())) {
            for (String entry : List.of("secplane/bootstrap/Dispatcher.class", "inst/secplane/agent/core/Agent.classdata",
                    "inst/secplane/agent/core/weaving/Weaver.classdata", "inst/secplane/aspect/Aspect.classdata",
                    "inst/secplane/protocol/json/Json.classdata")) {
                byte[] b = jar.getInputStream(jar.getEntry(entry)).readAllBytes();
                int major = ((b[6] & 0xff) << 8) | (b[7] & 0xff);
                assertThat(major).as(entry + " class file version").isEqualTo(52);
            }
        }
    }
}
