package dev.metasnap.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
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
    private static final Logger log = LoggerFactory.getLogger(BatchInfrastructureConfiguration.class);
    private static final java.time.Duration FILE_WAIT = java.time.Duration.ofSeconds(10);

    @Bean
    public DataSource dataSource(MetasnapRuntime runtime) throws SQLException {
        String url = runtime.jobRepositoryUrl();
        if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(url);
            createSchema(postgres, "postgresql", true);
            return postgres;
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        if (url.startsWith("jdbc:h2:file:")) {
            awaitFile(pool);
            try (SchemaGuard guard = SchemaGuard.take(Path.of(url.substring("jdbc:h2:file:".length()).split(";", 2)[0] + ".schema-lock"))) {
                createSchema(pool, "h2", false);
            }
        } else {
            createSchema(pool, "h2", false);
        }
        return pool;
    }

    /**
     * Opens the H2 file once, waiting while a reader ({@code status}, {@code jobs list}) holds it
     * read-only for its query: a cron backup must not fail because a monitoring check ran in the
     * same instant. Gives up after {@link #FILE_WAIT}.
     */
    private static void awaitFile(JdbcConnectionPool pool) throws SQLException {
        long deadline = System.nanoTime() + FILE_WAIT.toNanos();
        while (true) {
            try (Connection c = pool.getConnection()) {
                return;
            } catch (SQLException e) {
                boolean busy = e.getErrorCode() == JobHistory.H2_IN_USE || e.getErrorCode() == JobHistory.H2_LOCK_FILE;
                if (!busy || System.nanoTime() >= deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Creates Spring Batch's schema unless it is complete. The script ends with the sequences, so
     * a table without {@code BATCH_JOB_INSTANCE_SEQ} is what a first run killed in the middle of
     * the script leaves; no job can have run on it, so it is dropped and created again rather than
     * failing every later command. Callers serialise this between processes (an advisory lock on
     * PostgreSQL, taken here; a file lock for an H2 file, taken by the caller).
     */
    public static void createSchema(DataSource dataSource, String dialect, boolean postgres) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (postgres) {
                try (AdvisoryLock lock = AdvisoryLock.take(c, SCHEMA_LOCK)) {
                    createSchema(c, dialect);
                }
            } else {
                createSchema(c, dialect);
            }
        }
    }

    private static void createSchema(Connection c, String dialect) throws SQLException {
        boolean table = tableExists(c, "BATCH_JOB_INSTANCE");
        if (table && sequenceExists(c, "BATCH_JOB_INSTANCE_SEQ")) {
            return;
        }
        if (table) {
            log.warn("the job repository's schema is incomplete (a first run was killed while creating it); creating it again");
            ResourceDatabasePopulator drop = new ResourceDatabasePopulator(
                    new ClassPathResource("org/springframework/batch/core/schema-drop-" + dialect + ".sql"));
            drop.setContinueOnError(true);
            drop.populate(c);
        }
        new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-" + dialect + ".sql")).populate(c);
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        for (String candidate : new String[] {name, name.toLowerCase(java.util.Locale.ROOT)}) {
            try (ResultSet tables = c.getMetaData().getTables(null, null, candidate, null)) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sequenceExists(Connection c, String name) throws SQLException {
        try (java.sql.PreparedStatement st = c.prepareStatement(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SEQUENCES WHERE UPPER(SEQUENCE_NAME) = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** A file lock that serialises schema creation between processes sharing one H2 file; every wait is bounded. */
    private record SchemaGuard(java.nio.channels.FileChannel channel, java.nio.channels.FileLock lock) implements AutoCloseable {

        static SchemaGuard take(Path file) {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
                while (true) {
                    java.nio.channels.FileLock lock = channel.tryLock();
                    if (lock != null) {
                        return new SchemaGuard(channel, lock);
                    }
                    if (System.nanoTime() > deadline) {
                        channel.close();
                        throw new IllegalStateException("another metasnap process has been creating the job repository schema for a minute ("
                                + file + "); check for a hung process, then try again");
                    }
                    Thread.sleep(100);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to create the job repository schema", e);
            }
        }

        @Override
        public void close() {
            try {
                lock.release();
                channel.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
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

    /** Static, as a post-processor must be: it is made before the other beans, whose steps it then sees. */
    @Bean
    public static BeanPostProcessor jobLogSteps(ObjectProvider<MetasnapRuntime> runtime) {
        return JobLogStepListener.onEveryStep(runtime);
    }

    @Bean
    public PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }
}
