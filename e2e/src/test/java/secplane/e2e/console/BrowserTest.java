package secplane.e2e.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser harness itself, on pages served from this JVM: it reports a JavaScript error as a
 * failure (so a console page that throws cannot pass), runs in the Asia/Shanghai zone and writes
 * real PNG screenshots.
 */
class BrowserTest {
    @TempDir
    Path tmp;

    @Test
    void anUncaughtErrorInAModuleScriptIsReportedAndTheBrowserRunsInItsOwnTimeZone() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String> files = Map.of(
                "/", "<!doctype html><title>t</title><p id=p>ok</p><script type=module src=/broken.js></script>",
                "/broken.js", "document.getElementById('p').textContent = 'ran'; null.boom();",
                "/fine.js", "");
        server.createContext("/", exchange -> {
            String body = files.getOrDefault(exchange.getRequestURI().getPath(), null);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", exchange.getRequestURI().getPath().endsWith(".js")
                    ? "text/javascript" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try (Browser browser = Browser.start()) {
            browser.driver().get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            org.awaitility.Awaitility.await().until(() -> "ran".equals(browser.driver().findElement(
                    org.openqa.selenium.By.id("p")).getText()));
            org.awaitility.Awaitility.await().until(() -> !browser.errors(m -> false).isEmpty());
            assertThat(browser.errors(m -> false)).anySatisfy(m -> assertThat(m).contains("broken.js").contains("TypeError"));
            assertThatThrownBy(() -> browser.assertNoErrors(m -> false)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("TypeError");

            assertThat(browser.driver().executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone"))
                    .isEqualTo(Browser.TIME_ZONE);
            assertThat(browser.driver().executeScript("return new Date(0).getTimezoneOffset()")).isEqualTo(-480L);

            Path png = browser.screenshot(tmp.resolve("page.png"));
            byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(png), 8);
            assertThat(head).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        } finally {
            server.stop(0);
        }
    }
}
