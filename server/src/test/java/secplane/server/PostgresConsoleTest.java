package secplane.server;

import java.nio.file.Path;

/** {@link ConsoleContract} on a real PostgreSQL. */
class PostgresConsoleTest extends ConsoleContract {
    @Override
    ServerConfig config(Path dataDir) {
        return Planes.config(dataDir).withDatabase(Postgres.newDatabase(), "postgres", "postgres");
    }
}
