package dev.metasnap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.config.RetentionPolicy;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.connect.RuntimeSecrets;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.store.ObjectStores;
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

/** A reader of the job history (status, jobs list) never stops a job from starting beside it, and never serves the file to it. */
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

        // a reader in another process in the middle of its query (held a second here), as a cron 'status'
        // may be when a cron backup starts (in one JVM, H2 would share its open database instead)
        assertTrue(JobHistory.h2ReadUrl(url).contains("ACCESS_MODE_DATA=r"), "no process serves the file: a reader opens it read-only");
        Process reader = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                HoldRead.class.getName(), JobHistory.h2ReadUrl(url)).redirectErrorStream(true).start();
        reader.getOutputStream().close();
        var output = new java.io.BufferedReader(new java.io.InputStreamReader(reader.getInputStream()));
        assertEquals("open", output.readLine(), "the reader holds the file");
        prune(runtime, location);
        assertTrue(reader.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, reader.exitValue());
        assertEquals(2, JobHistory.of(url).recent(JobHistory.Filter.all(), 10).size());
    }

    /** The reader: opens the URL it is given, says so, holds it a second. */
    public static final class HoldRead {
        public static void main(String[] args) throws Exception {
            Properties credentials = new Properties();
            credentials.setProperty("user", "sa");
            credentials.setProperty("password", "");
            try (Connection c = org.h2.Driver.load().connect(args[0], credentials)) {
                System.out.println("open");
                System.out.flush();
                Thread.sleep(1_000);
            }
        }
    }
}
