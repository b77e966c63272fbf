package secplane.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A control plane started for each test on the store its subclass configures, with an API client and the admin token. */
abstract class RunningPlane {
    @TempDir
    Path data;
    ControlPlane plane;
    Api api;
    String admin;
    ServerConfig config;

    abstract ServerConfig config(Path dataDir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        config = config(data);
        plane = ControlPlane.start(config);
        api = new Api(plane.port());
        admin = plane.bootstrapToken().orElseThrow();
    }

    @AfterEach
    void stop() {
        if (plane != null) {
            plane.close();
        }
    }
}
