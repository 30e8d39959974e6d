package dev.metasnap.jobs;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.springframework.batch.core.configuration.annotation.EnableBatchProcessing;
import org.springframework.batch.core.configuration.annotation.EnableJdbcJobRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.transaction.PlatformTransactionManager;

/** The job repository shared by every job: H2 in a file by default, its schema created on first use. */
@Configuration(proxyBeanMethods = false)
@EnableBatchProcessing
@EnableJdbcJobRepository
public class BatchInfrastructureConfiguration {

    @Bean(destroyMethod = "dispose")
    public JdbcConnectionPool dataSource(MetasnapRuntime runtime) throws SQLException {
        JdbcConnectionPool pool = JdbcConnectionPool.create(runtime.jobRepositoryUrl(), "sa", "");
        try (Connection c = pool.getConnection();
             ResultSet tables = c.getMetaData().getTables(null, null, "BATCH_JOB_INSTANCE", null)) {
            if (!tables.next()) {
                new ResourceDatabasePopulator(new ClassPathResource("org/springframework/batch/core/schema-h2.sql")).populate(c);
            }
        }
        return pool;
    }

    @Bean
    public PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }
}
