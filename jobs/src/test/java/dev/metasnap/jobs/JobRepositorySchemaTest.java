package dev.metasnap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.connect.RuntimeSecrets;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.store.ObjectStores;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;

/** A first run killed while creating the job repository's schema must not break every later command of that home. */
class JobRepositorySchemaTest {

    @TempDir
    Path home;

    @Test
    void aSchemaLeftHalfCreatedIsCreatedAgain() throws Exception {
        String url = MetasnapRuntime.h2Url(home);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("CREATE TABLE BATCH_JOB_INSTANCE (JOB_INSTANCE_ID BIGINT NOT NULL PRIMARY KEY, VERSION BIGINT,"
                    + " JOB_NAME VARCHAR(100) NOT NULL, JOB_KEY VARCHAR(32) NOT NULL)");
        }
        MetasnapRuntime runtime = new MetasnapRuntime(new Connections(EtcdGateways.real(), ObjectStores.real(), new RuntimeSecrets()), url,
                home.resolve("work"), BackupSettings.defaults(), RestoreSettings.defaults(), ProgressSink.none());
        try (var context = MetasnapContext.create(runtime)) {
            JobRepository repository = context.getBean(JobRepository.class);
            repository.createJobInstance("backup", new JobParametersBuilder().addString("x", "1").toJobParameters());
            assertEquals(1, repository.getJobInstances("backup", 0, 10).size());
        }
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_NAME LIKE 'BATCH_%'")) {
            rs.next();
            assertEquals(3, rs.getInt(1));
        }
    }
}
