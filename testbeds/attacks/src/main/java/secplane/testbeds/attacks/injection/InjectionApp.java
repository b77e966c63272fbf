package secplane.testbeds.attacks.injection;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import secplane.testbeds.attacks.Testbed;

/**
 * The injection app as a {@link Testbed.Application}: on Tomcat 10.1 or Jetty 12 ({@code jakarta.servlet}),
 * or the {@code javax.servlet} subset on Tomcat 9.
 *
 * <pre>{@code
 * try (Testbed app = Testbed.builder().application(InjectionApp.on(InjectionApp.Server.JETTY)).start()) { ... }
 * }</pre>
 *
 * <p>The child JVM gets {@code -Djdk.net.hosts.file=<work>/hosts}, a hosts file that knows only
 * {@code localhost}: every other host name fails to resolve inside the app, so a URL such as
 * {@code https://example.com/} in the benign corpus never leaves the machine, and no DNS query is made.
 * IP literals are not affected; the corpus names none but loopback, the attacks only loopback.
 */
public final class InjectionApp implements Testbed.Application {

    /** System property naming the built app ({@code testbeds/injection-app/target/injection-app}). */
    public static final String HOME_PROPERTY = "secplane.injectionapp.home";
    /** System property naming the built javax app ({@code testbeds/injection-app-javax/target/injection-app-javax}). */
    public static final String JAVAX_HOME_PROPERTY = "secplane.injectionapp.javax.home";

    /** Where the app runs. */
    public enum Server {
        /** Embedded Tomcat 10.1, every endpoint. */
        TOMCAT,
        /** Embedded Jetty 12 (ee10), every endpoint. */
        JETTY,
        /** Embedded Tomcat 9 with {@code javax.servlet}: {@code /sql/user}, {@code /cmd/ping}, {@code /file/read} and twins. */
        TOMCAT9_JAVAX;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Server server;
    private final Path home;

    private InjectionApp(Server server, Path home) {
        this.server = server;
        this.home = home;
    }

    public static InjectionApp on(Server server) {
        return new InjectionApp(Objects.requireNonNull(server, "server"), null);
    }

    /** The same app from an explicit build directory. */
    public InjectionApp home(Path builtHome) {
        return new InjectionApp(server, Objects.requireNonNull(builtHome, "builtHome"));
    }

    public Server server() {
        return server;
    }

    /** Whether this app serves {@code endpoint} (the javax app serves three categories only). */
    public boolean serves(String endpoint) {
        return server != Server.TOMCAT9_JAVAX || List.of("/sql/user", "/cmd/ping", "/file/read").contains(endpoint);
    }

    @Override
    public String name() {
        return "injection-app-" + server.id();
    }

    @Override
    public List<String> jvmArgs(Path workDir) throws IOException {
        Path hosts = workDir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 localhost" + localHostName() + "\n::1 localhost\n", StandardCharsets.UTF_8);
        return List.of("-Djdk.net.hosts.file=" + hosts);
    }

    /**
     * The machine's own name, which the JDK looks up when a socket connects to 0.0.0.0; without it in the
     * hosts file such a connection fails with UnknownHostException instead of reaching the loopback.
     */
    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name.isBlank() || name.equals("localhost") || !name.matches("[A-Za-z0-9.-]+") ? "" : " " + name;
        } catch (UnknownHostException e) {
            return "";
        }
    }

    @Override
    public List<String> command(Path workDir) {
        Path built = builtHome();
        List<String> command = new ArrayList<>();
        command.add("-cp");
        if (server == Server.TOMCAT9_JAVAX) {
            command.add(built.resolve("lib") + "/*");
            command.add("secplane.testbeds.injection.javax.InjectionAppJavax");
        } else {
            command.add(built.resolve("lib/app") + "/*" + File.pathSeparator + built.resolve("lib").resolve(server.id()) + "/*");
            command.add("secplane.testbeds.injection.InjectionApp");
            command.add("--server");
            command.add(server.id());
        }
        command.addAll(List.of("--port", "0", "--work", workDir.toString()));
        return command;
    }

    /** The built app's directory: {@link #home} if given, else the system property, else found from the current directory. */
    public Path builtHome() {
        Path found = home != null ? home.toAbsolutePath().normalize() : locate(server);
        Path required = server == Server.TOMCAT9_JAVAX ? found.resolve("lib") : found.resolve("lib").resolve(server.id());
        if (!Files.isDirectory(required)) {
            throw new IllegalStateException("not a built injection app: " + found + " has no " + found.relativize(required)
                    + "; build it with 'mvn -B -f testbeds/pom.xml install'");
        }
        return found;
    }

    /** The corpus directory of the built app ({@code corpus/*.jsonl}). */
    public static Path corpusDirectory() {
        return locate(Server.TOMCAT).resolve("corpus");
    }

    private static Path locate(Server server) {
        boolean javax = server == Server.TOMCAT9_JAVAX;
        String configured = System.getProperty(javax ? JAVAX_HOME_PROPERTY : HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        String relative = javax ? "testbeds/injection-app-javax/target/injection-app-javax"
                : "testbeds/injection-app/target/injection-app";
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find the injection app: set -D" + (javax ? JAVAX_HOME_PROPERTY : HOME_PROPERTY)
                + "=<dir> or run from inside the secplane checkout after building it with 'mvn -B -f testbeds/pom.xml install'");
    }

    @Override
    public String toString() {
        return name();
    }
}
