package secplane.server;

import java.nio.file.Path;

/** {@link ConsoleContract} on the embedded H2 default. */
class H2ConsoleTest extends ConsoleContract {
    @Override
    ServerConfig config(Path dataDir) {
        return Planes.config(dataDir);
    }
}
