package secplane.server;

import java.nio.file.Path;

/** {@link PlaneContract} on the embedded H2 default. */
class H2PlaneTest extends PlaneContract {
    @Override
    ServerConfig config(Path dataDir) {
        return Planes.config(dataDir);
    }
}
