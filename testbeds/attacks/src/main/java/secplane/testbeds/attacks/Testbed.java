package secplane.testbeds.attacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A running testbed application in a child JVM: the target of every {@link Attack}. By default the
 * vulnapp; {@link Builder#application} starts another, such as the injection app.
 *
 * <p>The child runs {@code java <application's JVM options> <jvmArgs> <application's class path, main
 * class and arguments>}, e.g. {@code -cp <home>/lib/* secplane.testbeds.vulnapp.VulnApp}, so a test
 * can add {@code -javaagent:...} and compare the same exploit with and without protection. Its
 * stdout and stderr go to files in the work directory; its stdin stays a pipe, and closing that
 * pipe (or this object) stops it. The application is ready when it prints
 * {@code <NAME> READY port=<port> [key=value ...] docBase|base=<dir>}.
 */
public final class Testbed implements AutoCloseable {

    /** System property naming the built vulnapp home ({@code testbeds/vulnapp/target/vulnapp}). */
    public static final String HOME_PROPERTY = "secplane.vulnapp.home";

    private static final String MAIN_CLASS = "secplane.testbeds.vulnapp.VulnApp";
    private static final Pattern READY = Pattern.compile(
            "^[A-Z][A-Z0-9-]* READY port=(\\d+) (?:\\S+=\\S+ )*(?:docBase|base)=(.+)$", Pattern.MULTILINE);

    /**
     * What a {@link Testbed} launches: everything after the JVM options, and the options the
     * application itself needs.
     */
    public interface Application {

        /** A short name for messages, e.g. {@code vulnapp}. */
        String name();

        /** JVM options the application needs, placed before the caller's; may create files in {@code workDir}. */
        default List<String> jvmArgs(Path workDir) throws IOException {
            return List.of();
        }

        /** The class path, main class and arguments, e.g. {@code -cp lib/* Main --port 0}. */
        List<String> command(Path workDir);
    }
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Path workDir;
    private final Path stdoutFile;
    private final Path stderrFile;
    private final int port;
    private final Path docBase;
    private final URI baseUri;
    private final HttpClient http;

    private Testbed(Process process, Path workDir, Path stdoutFile, Path stderrFile, int port, Path docBase) {
        this.process = process;
        this.workDir = workDir;
        this.stdoutFile = stdoutFile;
        this.stderrFile = stderrFile;
        this.port = port;
        this.docBase = docBase;
        this.baseUri = URI.create("http://127.0.0.1:" + port + "/");
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Finds the built vulnapp: the {@value #HOME_PROPERTY} system property if set, else the first
     * {@code testbeds/vulnapp/target/vulnapp} found walking up from the current directory.
     */
    public static Path locateVulnappHome() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("testbeds/vulnapp/target/vulnapp");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the vulnapp: set -D" + HOME_PROPERTY
                + "=<dir> or run from inside the secplane checkout after building it with"
                + " 'mvn -B -f testbeds/pom.xml install'");
    }

    /** {@code http://127.0.0.1:<port>/}. */
    public URI baseUri() {
        return baseUri;
    }

    /** An absolute URI for a path such as {@code /log?msg=x}. */
    public URI uri(String pathAndQuery) {
        return baseUri.resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
    }

    /** An HTTP/1.1 client for talking to this testbed. */
    public HttpClient http() {
        return http;
    }

    /**
     * Sends a request (30 s timeout) and returns the response body as text. A request written to a
     * pooled keep-alive connection that the server had already closed gets no byte back ("header
     * parser received no bytes"): the server never read it, so it is sent once more on a new connection.
     */
    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.timeout(REQUEST_TIMEOUT).build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
                throw e;
            }
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        }
    }

    public int port() {
        return port;
    }

    /**
     * The application's own writable directory, from its READY line: the vulnapp's webapp document
     * root (a private copy that exploits may write into), the injection app's base directory.
     */
    public Path docBase() {
        return docBase;
    }

    public Path workDir() {
        return workDir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether {@code GET /health} answers 200 within a few seconds. */
    public boolean healthy() {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Everything the child wrote to stdout so far. */
    public String stdout() {
        return readQuietly(stdoutFile);
    }

    /** Everything the child wrote to stderr so far. */
    public String stderr() {
        return readQuietly(stderrFile);
    }

    /** Stops the child: closes its stdin, then SIGTERM, then SIGKILL, waiting at each step. */
    @Override
    public void close() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed: go on with the signals
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Testbed[pid=" + pid() + ", " + baseUri + ", docBase=" + docBase + "]";
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Options for starting a {@link Testbed}. */
    public static final class Builder {

        private Path javaHome = Path.of(System.getProperty("java.home"));
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path workDir;
        private Path vulnappHome;
        private Application application;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The JDK or JRE to run the vulnapp with; defaults to the current {@code java.home}. */
        public Builder javaHome(Path javaHome) {
            this.javaHome = Objects.requireNonNull(javaHome, "javaHome");
            return this;
        }

        /** JVM options placed before the class path, e.g. {@code -javaagent:/path/agent.jar}. */
        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(List.of(args));
            return this;
        }

        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Where the docBase copy, Tomcat's files and the captured output go; defaults to a new temp dir. */
        public Builder workDir(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
            return this;
        }

        /** The built vulnapp ({@code lib/} and {@code webapp/}); defaults to {@link #locateVulnappHome()}. */
        public Builder vulnappHome(Path vulnappHome) {
            this.vulnappHome = Objects.requireNonNull(vulnappHome, "vulnappHome");
            return this;
        }

        /** Launches this application instead of the vulnapp. */
        public Builder application(Application application) {
            this.application = Objects.requireNonNull(application, "application");
            return this;
        }

        /** How long to wait for the READY line; 60 s by default. */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /** Launches the application (the vulnapp unless {@link #application} was set) and waits until it serves requests. */
        public Testbed start() throws IOException, InterruptedException {
            Application app = application != null ? application : new Vulnapp(vulnappHome);
            Path java = javaHome.resolve("bin").resolve("java");
            if (!Files.isExecutable(java)) {
                throw new IllegalStateException("no java executable at " + java + "; check javaHome");
            }
            Path work = workDir != null
                    ? Files.createDirectories(workDir.toAbsolutePath().normalize())
                    : Files.createTempDirectory("secplane-" + app.name() + "-");
            Path stdout = work.resolve(app.name() + ".stdout.log");
            Path stderr = work.resolve(app.name() + ".stderr.log");

            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(app.jvmArgs(work));
            command.addAll(jvmArgs);
            command.addAll(app.command(work));

            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(work.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();

            long deadline = System.nanoTime() + startTimeout.toNanos();
            while (true) {
                Matcher ready = READY.matcher(readQuietly(stdout));
                if (ready.find()) {
                    return new Testbed(process, work, stdout, stderr,
                            Integer.parseInt(ready.group(1)), Path.of(ready.group(2).trim()));
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    String why = process.isAlive()
                            ? "did not print its READY line within " + startTimeout.toSeconds() + " s"
                            : "exited with status " + process.exitValue() + " before it was ready";
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new IllegalStateException(app.name() + " " + why + "\ncommand: " + String.join(" ", command)
                            + "\n--- stdout (" + stdout + ") ---\n" + readQuietly(stdout)
                            + "\n--- stderr (" + stderr + ") ---\n" + readQuietly(stderr));
                }
                Thread.sleep(100);
            }
        }
    }

    /** The vulnapp: embedded Tomcat 9.0.60 with the Spring MVC webapp (the default application). */
    private record Vulnapp(Path configuredHome) implements Application {

        @Override
        public String name() {
            return "vulnapp";
        }

        @Override
        public List<String> command(Path workDir) {
            Path home = configuredHome != null ? configuredHome.toAbsolutePath().normalize() : locateVulnappHome();
            if (!Files.isDirectory(home.resolve("lib")) || !Files.isDirectory(home.resolve("webapp/WEB-INF"))) {
                throw new IllegalStateException("not a built vulnapp: " + home + " needs lib/ and webapp/WEB-INF/;"
                        + " build it with 'mvn -B -f testbeds/pom.xml install'");
            }
            return List.of("-cp", home.resolve("lib") + "/*", MAIN_CLASS,
                    "--port", "0", "--webapp", home.resolve("webapp").toString(), "--work", workDir.toString());
        }
    }
}
