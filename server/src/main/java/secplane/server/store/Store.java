package secplane.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The control plane's database. Every request runs as one transaction (docs/protocol.md:
 * nothing is half-stored): the work either commits whole or, on any exception, rolls back whole.
 */
public interface Store extends AutoCloseable {

    /** One unit of work inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** {@code h2} or {@code postgresql}. */
    String dialect();

    <T> T transaction(Work<T> work);

    @Override
    void close();
}
