package secplane.server;

import java.nio.file.Path;

/** {@link DataMapContract} on a real PostgreSQL. */
class PostgresDataMapTest extends DataMapContract {
    @Override
    ServerConfig config(Path dataDir) {
        return Planes.config(dataDir).withDatabase(Postgres.newDatabase(), "postgres", "postgres");
    }
}
