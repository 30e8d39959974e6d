package dev.metasnap.scheduler;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/** Quartz's PostgreSQL tables in the job repository's database, and the connection provider Quartz reads them through. */
final class QuartzTables {

    /** Serialises table creation between nodes starting together (Quartz's script begins by dropping the tables). */
    private static final long LOCK = 0x71727a7aL;

    private QuartzTables() {
    }

    static void create(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + LOCK + ")");
            try (ResultSet tables = c.getMetaData().getTables(null, null, "qrtz_job_details", null)) {
                if (!tables.next()) {
                    new ResourceDatabasePopulator(new ClassPathResource("org/quartz/impl/jdbcjobstore/tables_postgres.sql")).populate(c);
                }
            } finally {
                st.execute("SELECT pg_advisory_unlock(" + LOCK + ")");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create Quartz's tables in the job repository database: " + e.getMessage(), e);
        }
    }

    /** Hands Quartz connections from the job repository's data source. */
    record Provider(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // the data source belongs to the Spring context, which closes it
        }

        @Override
        public void initialize() {
            // nothing to set up
        }
    }
}
