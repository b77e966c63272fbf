package secplane.testbeds.injection.command;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import secplane.testbeds.injection.Endpoint;
import secplane.testbeds.injection.Refusal;

/**
 * {@code /cmd/ping?host=}: "is this host reachable". {@code echo ping <host>} stands in for
 * {@code ping -c 1 <host>}, which would send packets; the process handling is what matters.
 * The vulnerable endpoint builds one string and hands it to {@code sh -c} (CWE-78), so
 * {@code ;}, {@code &&}, {@code |}, {@code $(...)}, backquotes and newlines start commands of the
 * attacker's choosing. The safe twin passes the host as one argument, with no shell.
 */
public final class PingEndpoint extends Endpoint {

    private static final long serialVersionUID = 1L;

    private static final int MAX_OUTPUT = 64 * 1024;

    private final boolean safe;

    public PingEndpoint(boolean safe) {
        this.safe = safe;
    }

    @Override
    protected void answer(HttpServletRequest request, HttpServletResponse response) throws IOException, Refusal {
        String host = required(request, "host");
        List<String> command = safe
                ? List.of("echo", "ping", host)
                : List.of("sh", "-c", "echo ping " + host);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
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
