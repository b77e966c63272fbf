package secplane.aspects.webshell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import secplane.aspect.AspectConfig;
import secplane.aspect.Finding;
import secplane.aspect.Mode;
import secplane.aspect.testing.TestJoinPoint;
import secplane.aspects.TestContext;

class WebshellAspectTest {
    @TempDir
    Path dir;

    private WebshellAspect aspect;
    private Path app;

    @BeforeEach
    void load() throws Exception {
        aspect = new WebshellAspect();
        aspect.load(new TestContext(WebshellAspect.class));
        aspect.configure(AspectConfig.EMPTY);
        app = dir.resolve("app");
        Files.createDirectories(app.resolve("WEB-INF"));
    }

    private Finding write(Path file) {
        return write(file.toAbsolutePath().toString());
    }

    private Finding write(String absolutePath) {
        return aspect.inspect(TestJoinPoint.of("file.write", absolutePath, "write"));
    }

    @Test
    void declaresOneBlockingRuleOnFileWrite() {
        assertThat(aspect.joinPoints()).containsExactly("file.write");
        assertThat(aspect.rules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("file.script-in-webroot");
            assertThat(r.defaultMode()).isEqualTo(Mode.BLOCK);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"shell.jsp", "shell.jspx", "SHELL.JSP", "Shell.JsP", "shell.jsp.", "shell.jsp..", "shell.jsp::$DATA",
        "images/deep/er/x.jsp", "cmd.php", ".jsp"})
    void scriptWrittenBelowADirectoryWithWebInfIsReported(String name) {
        Path file = app.resolve(name);

        Finding f = write(file);

        assertThat(f).as(name).isNotNull();
        assertThat(f.rule()).isEqualTo("file.script-in-webroot");
        assertThat(f.evidence()).containsEntry("path", file.toAbsolutePath().toString())
                .containsEntry("webRoot", app.toAbsolutePath().toString())
                .containsEntry("operation", "write");
    }

    @Test
    void scriptWrittenBelowWebappsIsReportedEvenIfNoWebInfExists() {
        Path root = dir.resolve("tomcat/webapps/ROOT");

        Finding f = write(root.resolve("x.jsp"));

        assertThat(f).isNotNull();
        assertThat(f.evidence()).containsEntry("webRoot", root.toAbsolutePath().toString());
        assertThat(write(dir.resolve("tomcat/webapps/shop/static/a.jspx"))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"index.html", "app.js", "WEB-INF/web.xml", "notes.jsp.txt", "jsp", "README"})
    void nonScriptFileBelowAWebRootIsNotReported(String name) {
        assertThat(write(app.resolve(name))).as(name).isNull();
    }

    @Test
    void scriptOutsideAnyWebRootIsNotReported() {
        assertThat(write(dir.resolve("x.jsp"))).isNull();
        assertThat(write(dir.resolve("build/generated/x.jsp"))).isNull();
    }

    @Test
    void webInfMustBeADirectory() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("WEB-INF"), "a file, not a directory");

        assertThat(write(other.resolve("x.jsp"))).isNull();
    }

    @Test
    void configuredWebRootIsAWebRoot() throws Exception {
        Path site = dir.resolve("site");
        assertThat(write(site.resolve("a.jsp"))).isNull();

        aspect.configure(new AspectConfig(Map.of("webRoots", List.of(site.toString()))));

        Finding f = write(site.resolve("sub/a.jsp"));
        assertThat(f).isNotNull();
        assertThat(f.evidence().get("webRoot")).isEqualTo(site.toAbsolutePath() + java.io.File.separator);
        assertThat(write(dir.resolve("siteX/a.jsp"))).as("a sibling with the same prefix").isNull();
    }

    @Test
    void operationIsPassedThroughAsEvidence() {
        Finding f = aspect.inspect(TestJoinPoint.of("file.write", app.resolve("a.jsp").toString(), "append"));

        assertThat(f.evidence()).containsEntry("operation", "append");
    }
}
