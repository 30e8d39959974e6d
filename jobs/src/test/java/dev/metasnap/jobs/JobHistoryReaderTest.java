package dev.metasnap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.config.RetentionPolicy;
import dev.metasnap.steps.backup.ProgressSink;
import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.connect.RuntimeSecrets;
import dev.metasnap.steps.etcd.EtcdGateways;
import dev.metasnap.steps.store.ObjectStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;

/** A reader of the job history (status, jobs list) never stops a job from starting beside it. */
class JobHistoryReaderTest {

    @TempDir
    Path home;

    @TempDir
    Path storage;

    private void prune(MetasnapRuntime runtime, BackupLocation location) throws Exception {
        try (var context = MetasnapContext.create(runtime)) {
            JobAssertions.assertStatus(BatchStatus.COMPLETED, context.getBean(JobOperator.class).start(
                    context.getBean(PruneJobConfiguration.JOB_NAME, Job.class), PruneJobConfiguration.parameters(location, new RetentionPolicy(1, null, 0, 0, 0))));
        }
    }

    @Test
    void aJobStartsWhileAReaderHasTheRepositoryOpen() throws Exception {
        Files.createDirectories(storage.resolve("b"));
        BackupLocation location = BackupLocation.parse("fs://" + storage, "b");
        String url = MetasnapRuntime.h2Url(home);
        MetasnapRuntime runtime = new MetasnapRuntime(new Connections(EtcdGateways.real(), ObjectStores.real(), new RuntimeSecrets()), url,
                home.resolve("work"), BackupSettings.defaults(), RestoreSettings.defaults(), ProgressSink.none());
        prune(runtime, location);

        Properties credentials = new Properties();
        credentials.setProperty("user", "sa");
        credentials.setProperty("password", "");
        // a reader in the middle of its query, as a cron 'status' may be when a cron backup starts
        try (Connection reader = org.h2.Driver.load().connect(JobHistory.h2ReadUrl(url), credentials)) {
            prune(runtime, location);
            assertEquals(List.of(2L, 1L), JobHistory.of(url).recent(JobHistory.Filter.all(), 10).stream().map(JobHistory.Run::id).toList());
        }
        assertEquals(2, JobHistory.of(url).recent(JobHistory.Filter.all(), 10).size());
    }
}
