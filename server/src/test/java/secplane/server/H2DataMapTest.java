package secplane.server;

import java.nio.file.Path;

/** {@link DataMapContract} on the embedded H2 default. */
class H2DataMapTest extends DataMapContract {
    @Override
    ServerConfig config(Path dataDir) {
        return Planes.config(dataDir);
    }
}
