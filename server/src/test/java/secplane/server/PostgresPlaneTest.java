package secplane.server;

import java.nio.file.Path;

/** {@link PlaneContract} on a real PostgreSQL. */
class PostgresPlaneTest extends PlaneContract {
    @Override
    ServerConfig config(Path dataDir) {
        return Planes.config(dataDir).withDatabase(Postgres.newDatabase(), "postgres", "postgres");
    }
}
