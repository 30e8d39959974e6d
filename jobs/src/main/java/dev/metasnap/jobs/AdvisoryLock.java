package dev.metasnap.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A PostgreSQL session advisory lock held on one connection for a try-with-resources block: how
 * nodes sharing a database serialise creating their tables when they start at the same time.
 * Taking it waits for the node that holds it; closing releases it.
 */
public final class AdvisoryLock implements AutoCloseable {

    private final Connection connection;
    private final long key;

    private AdvisoryLock(Connection connection, long key) {
        this.connection = connection;
        this.key = key;
    }

    public static AdvisoryLock take(Connection connection, long key) throws SQLException {
        call(connection, "SELECT pg_advisory_lock(?)", key);
        return new AdvisoryLock(connection, key);
    }

    @Override
    public void close() throws SQLException {
        call(connection, "SELECT pg_advisory_unlock(?)", key);
    }

    private static void call(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setLong(1, key);
            st.execute();
        }
    }
}
