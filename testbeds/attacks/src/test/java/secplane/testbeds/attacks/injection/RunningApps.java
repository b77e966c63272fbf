package secplane.testbeds.attacks.injection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import secplane.testbeds.attacks.Testbed;

/** One injection app per server, started on first use in a child JVM and stopped by {@link #close}. */
final class RunningApps implements AutoCloseable {

    private final Path work;
    private final Map<InjectionApp.Server, Testbed> apps = new EnumMap<>(InjectionApp.Server.class);

    RunningApps(Path work) {
        this.work = work;
    }

    synchronized Testbed get(InjectionApp.Server server) throws IOException, InterruptedException {
        Testbed app = apps.get(server);
        if (app == null) {
            Testbed.Builder builder = Testbed.builder()
                    .application(InjectionApp.on(server))
                    .workDir(Files.createDirectories(work.resolve(server.id())));
            String javaHome = System.getProperty("secplane.testbeds.javaHome", "");
            if (!javaHome.isBlank()) {
                builder.javaHome(Path.of(javaHome));
            }
            app = builder.start();
            apps.put(server, app);
        }
        return app;
    }

    @Override
    public synchronized void close() {
        apps.values().forEach(Testbed::close);
        apps.clear();
    }
}
