package dev.metasnap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import dev.metasnap.demo.LiveCluster;

@ExtendWith(RealServers.class)
class BackupJobEndToEndTest {

    @TempDir
    Path home;

    private JobExecution backup(TestCluster cluster, BackupSettings settings) throws Exception {
        try (var context = MetasnapContext.create(cluster.runtime(home, ObjectStores.real(), EtcdGateways.real(), settings))) {
            JobOperator operator = context.getBean(JobOperator.class);
            Job job = context.getBean(BackupJobConfiguration.JOB_NAME, Job.class);
            return operator.start(job, BackupJobConfiguration.parameters(cluster.etcdSettings(), cluster.backupLocation, "e2e"));
        }
    }

    @Test
    void backsUpAGeneratedClusterIntoS3AndTheSnapshotEqualsEtcdAtItsRevision(EtcdProcess etcd, S3ProxyProcess s3) throws Exception {
        s3.createBucket("state-e2e");
        s3.createBucket("backup-e2e");
        try (TestCluster cluster = new TestCluster(etcd,
                HummockLocation.parse(s3.minioUrl("state-e2e"), "hummock_001"),
                BackupLocation.parse(s3.minioUrl("backup-e2e"), "backup"),
                new ClusterShape(5, 3000, 200, 5))) {
            JobExecution execution = backup(cluster, BackupSettings.defaults().withBlockKeys(500));

            JobAssertions.assertStatus(BatchStatus.COMPLETED, execution);
            BackupManifest manifest = cluster.backupStorage().readManifest();
            assertEquals(1, manifest.snapshotMetadata().size());
            SnapshotMetadata entry = manifest.snapshotMetadata().get(0);
            assertEquals(1, entry.id());
            assertEquals("e2e", entry.remarks());
            assertFalse(entry.ssts().isEmpty());
            assertTrue(entry.maxCommittedEpoch() >= entry.safeEpoch() && entry.safeEpoch() > 0);
            var expected = cluster.keyspaceAt(entry.etcdRevision());
            var actual = TestCluster.snapshotKeyspace(cluster.backupStorage().store().get(cluster.backupStorage().snapshotKey(1)));
            assertEquals(expected.size(), entry.keyCount());
            assertEquals(expected, actual);
        }
    }

    @Test
    void snapshotTakenWhileTheClusterKeepsWritingEqualsEtcdAtTheRecordedRevision(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = new TestCluster(etcd,
                HummockLocation.parse("fs://" + storage.resolve("state"), "hummock_001"),
                BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"),
                new ClusterShape(5, 20_000, 200, 5))) {
            JobExecution execution;
            long ticks;
            try (LiveCluster live = LiveCluster.start(cluster.generator, Duration.ofMillis(2), 5)) {
                execution = backup(cluster, BackupSettings.defaults().withBlockKeys(1000));
                ticks = live.ticks();
            }
            JobAssertions.assertStatus(BatchStatus.COMPLETED, execution);
            assertTrue(ticks > 0, "the cluster kept committing during the backup");
            SnapshotMetadata entry = cluster.backupStorage().readManifest().snapshotMetadata().get(0);
            var actual = TestCluster.snapshotKeyspace(cluster.backupStorage().store().get(cluster.backupStorage().snapshotKey(entry.id())));
            assertEquals(cluster.keyspaceAt(entry.etcdRevision()), actual);
        }
    }
}
