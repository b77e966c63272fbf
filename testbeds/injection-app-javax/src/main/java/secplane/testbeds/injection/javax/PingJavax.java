package secplane.testbeds.injection.javax;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import secplane.testbeds.injection.Refusal;

/** {@code /cmd/ping?host=} on {@code javax.servlet}: {@code sh -c "echo ping " + host} (CWE-78), or argv. */
final class PingJavax extends JavaxEndpoint {

    private static final long serialVersionUID = 1L;

    private final boolean safe;

    PingJavax(boolean safe) {
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String host = required(request, "host");
        List<String> command = safe ? List.of("echo", "ping", host) : List.of("sh", "-c", "echo ping " + host);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw Refusal.badInput("the command did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the command", e);
        }
        text(response, 200, "exit " + process.exitValue() + "\n" + output);
    }
}
