package dev.metasnap.jobs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The job repository shared by every job: H2 in a file by default, or PostgreSQL (a
 * {@code jdbc:postgresql:} URL) so that several scheduler nodes share it. The schema is
 * created on first use.
 */
@Configuration(proxyBeanMethods = false)
@EnableBatchProcessing
@EnableJdbcJobRepository
public class BatchInfrastructureConfiguration {

    /** Serialises schema creation between nodes starting at the same time. */
    static final long SCHEMA_LOCK = 0x6d65746173L;

    @Bean
    public DataSource dataSource(MetasnapRuntime runtime) throws SQLException {
        String url = runtime.jobRepositoryUrl();
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            createSchema(postgres, "batch_job_instance", "org/springframework/batch/core/schema-postgresql.sql", true);
            return postgres;
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        createSchema(pool, "BATCH_JOB_INSTANCE", "org/springframework/batch/core/schema-h2.sql", false);
        return pool;
    }

    /** Runs {@code script} unless {@code table} exists; on PostgreSQL under an advisory lock. */
    public static void createSchema(DataSource dataSource, String table, String script, boolean postgres) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (postgres) {
                try (Statement st = c.createStatement()) {
                    st.execute("SELECT pg_advisory_lock(" + SCHEMA_LOCK + ")");
                }
            }
            try (ResultSet tables = c.getMetaData().getTables(null, null, table, null)) {
                if (!tables.next()) {
                    new ResourceDatabasePopulator(new ClassPathResource(script)).populate(c);
                }
            } finally {
                if (postgres) {
                    try (Statement st = c.createStatement()) {
                        st.execute("SELECT pg_advisory_unlock(" + SCHEMA_LOCK + ")");
                    }
                }
            }
        }
    }

    /** H2's pool has no close(): dispose of it with the context, so the database file is let go. */
    @Bean
    public DisposableBean connectionPoolDisposer(DataSource dataSource) {
        return () -> {
            if (dataSource instanceof JdbcConnectionPool pool) {
                pool.dispose();
            }
        };
    }

    @Bean
    public PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }
}
