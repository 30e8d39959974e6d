package dev.metasnap.jobs;

import dev.metasnap.steps.run.JobParameterNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.launch.JobOperator;

/** Each step's start and end reach the job's log as they happen; a log that cannot be written changes nothing a job does. */
@ExtendWith(RealServers.class)
class JobLogStepListenerTest {

    @TempDir
    Path home;

    @TempDir
    Path storage;

    @Test
    void aJobLogThatCannotBeWrittenFailsNoStepAndSkipsNoOtherListener(EtcdProcess etcd) throws Exception {
        // a file where the logs directory belongs: every append fails
        Files.createDirectories(home);
        Files.writeString(JobLogFiles.directory(home), "not a directory");
        try (TestCluster cluster = new TestCluster(etcd, HummockLocation.parse("fs://" + storage.resolve("state"), "hummock_001"),
                BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"), new ClusterShape(3, 200, 100, 8));
             var context = MetasnapContext.create(cluster.runtime(home, ObjectStores.real(), EtcdGateways.real(), BackupSettings.defaults()))) {
            // a copying backup: its commit needs what the copy step's own listener records after the step
            JobAssertions.assertStatus(BatchStatus.COMPLETED, context.getBean(JobOperator.class).start(
                    context.getBean(BackupJobConfiguration.JOB_NAME, Job.class),
                    BackupJobConfiguration.parameters(cluster.etcdSettings(), cluster.backupLocation, "no log", JobParameterNames.MISSING_MARK)));
            assertNotNull(cluster.backupStorage().readManifest().find(1).orElseThrow().sstCopy(), "the copy was recorded and committed");
            assertTrue(Files.isRegularFile(JobLogFiles.directory(home)), "nothing replaced the file");
            assertEquals("not a directory", Files.readString(JobLogFiles.directory(home)));
        }
    }
}
