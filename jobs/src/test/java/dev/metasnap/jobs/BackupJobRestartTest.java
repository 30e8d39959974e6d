package dev.metasnap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/** The model restart test: fail on purpose part-way, check partial progress, restart, compare with an uninterrupted run. */
@ExtendWith(RealServers.class)
class BackupJobRestartTest {

    @TempDir
    Path home;

    private BackupRuns runs;

    @BeforeEach
    void runs() {
        runs = new BackupRuns(home);
    }

    private static StepExecution step(JobExecution execution, String name) {
        return execution.getStepExecutions().stream().filter(s -> s.getStepName().equals(name)).findFirst().orElseThrow();
    }

    private TestCluster cluster(EtcdProcess etcd, Path storage) {
        return new TestCluster(etcd,
                HummockLocation.parse("fs://" + storage.resolve("state"), "hummock_001"),
                BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"),
                new ClusterShape(5, 20_000, 200, 5));
    }

    @Test
    void failureMidExportIsResumedFromTheLastKeyAndEqualsAnUninterruptedRun(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = cluster(etcd, storage)) {
            runs.etcdFaults.failPagesAfter(4);
            JobExecution first = runs.start(cluster, BackupRuns.SMALL);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            StepExecution partial = step(first, "exportMetaKeys");
            assertEquals(BatchStatus.FAILED, partial.getStatus());
            assertTrue(partial.getWriteCount() > 0 && partial.getWriteCount() < 20_000, "partial export: " + partial.getWriteCount());
            assertTrue(cluster.backupStorage().readManifest().snapshotMetadata().isEmpty(), "no entry before the job completes");

            runs.etcdFaults.heal();
            long keysBefore = runs.etcdFaults.keysRead();
            JobExecution resumed = runs.restart(cluster, BackupRuns.SMALL, first.getId());
            JobAssertions.assertStatus(BatchStatus.COMPLETED, resumed);
            StepExecution rest = step(resumed, "exportMetaKeys");
            long readOnRestart = runs.etcdFaults.keysRead() - keysBefore;

            JobExecution uninterrupted = runs.start(cluster, BackupRuns.SMALL);
            JobAssertions.assertStatus(BatchStatus.COMPLETED, uninterrupted);
            BackupManifest manifest = cluster.backupStorage().readManifest();
            SnapshotMetadata a = manifest.find(1).orElseThrow();
            SnapshotMetadata b = manifest.find(2).orElseThrow();
            long total = cluster.keyspaceAt(a.etcdRevision()).size();
            assertEquals(total, partial.getWriteCount() + rest.getWriteCount(), "every key exported exactly once");
            assertTrue(readOnRestart <= total - partial.getWriteCount() + 2 * 2_000,
                    "the restart read from the last committed key on: " + readOnRestart + " keys read, " + rest.getWriteCount() + " left");
            assertEquals(a.etcdRevision(), b.etcdRevision());
            assertEquals(a.keyCount(), b.keyCount());
            assertEquals(a.kvBlocks(), b.kvBlocks());
            assertEquals(a.storedBytes(), b.storedBytes());
            var store = cluster.backupStorage().store();
            assertEquals(TestCluster.snapshotKeyspace(store.get(cluster.backupStorage().snapshotKey(2))),
                    TestCluster.snapshotKeyspace(store.get(cluster.backupStorage().snapshotKey(1))));
            assertEquals(cluster.keyspaceAt(a.etcdRevision()), TestCluster.snapshotKeyspace(store.get(cluster.backupStorage().snapshotKey(1))));
        }
    }

    @Test
    void aRevisionCompactedBeforeTheRestartIsPinnedAgainAndTheSnapshotTakenAnew(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = cluster(etcd, storage)) {
            runs.etcdFaults.failPagesAfter(3);
            JobExecution first = runs.start(cluster, BackupRuns.SMALL);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            long pinned = first.getExecutionContext().getLong("backup.revision");

            cluster.generator.tick(1, 1);
            long now = cluster.etcd.currentRevision();
            cluster.etcd.compact(now);
            runs.etcdFaults.heal();

            JobExecution resumed = runs.restart(cluster, BackupRuns.SMALL, first.getId());
            JobAssertions.assertStatus(BatchStatus.COMPLETED, resumed);
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            assertTrue(entry.etcdRevision() >= now && entry.etcdRevision() > pinned, "re-pinned: " + pinned + " -> " + entry.etcdRevision());
            assertEquals(cluster.keyspaceAt(entry.etcdRevision()),
                    TestCluster.snapshotKeyspace(cluster.backupStorage().store().get(cluster.backupStorage().snapshotKey(1))));
        }
    }

    @Test
    void failureMidUploadResumesTheSameUploadWithoutSendingAPartTwice(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = cluster(etcd, storage)) {
            runs.storeFaults.failPartUploadsAfter(30);
            JobExecution first = runs.start(cluster, BackupRuns.SMALL);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            assertEquals(BatchStatus.FAILED, step(first, "uploadSnapshot").getStatus());
            assertEquals(30, runs.storeFaults.uploadsPerPart().size(), "30 parts stored before the failure");

            runs.storeFaults.heal();
            JobExecution resumed = runs.restart(cluster, BackupRuns.SMALL, first.getId());
            JobAssertions.assertStatus(BatchStatus.COMPLETED, resumed);
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            long parts = (entry.objectBytes() + BackupRuns.SMALL.partBytes() - 1) / BackupRuns.SMALL.partBytes();
            Map<Integer, Integer> uploads = runs.storeFaults.uploadsPerPart();
            assertEquals(parts, uploads.size());
            assertTrue(uploads.values().stream().allMatch(n -> n == 1), "a part was uploaded twice: " + uploads);
            assertEquals(cluster.keyspaceAt(entry.etcdRevision()),
                    TestCluster.snapshotKeyspace(cluster.backupStorage().store().get(cluster.backupStorage().snapshotKey(1))));
        }
    }

    @Test
    void s3MultipartUploadIsResumedAfterAFailure(EtcdProcess etcd, S3ProxyProcess s3) throws Exception {
        s3.createBucket("state-restart");
        s3.createBucket("backup-restart");
        BackupSettings s3Parts = new BackupSettings(5_000, 8L << 20, 2_000, BackupSettings.MIN_S3_PART_BYTES, 2, Duration.ofHours(1));
        try (TestCluster cluster = new TestCluster(etcd,
                HummockLocation.parse(s3.minioUrl("state-restart"), "hummock_001"),
                BackupLocation.parse(s3.minioUrl("backup-restart"), "backup"),
                new ClusterShape(2, 60_000, 300, 3))) {
            runs.storeFaults.failPartUploadsAfter(2);
            JobExecution first = runs.start(cluster, s3Parts);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            runs.storeFaults.heal();
            JobExecution resumed = runs.restart(cluster, s3Parts, first.getId());
            JobAssertions.assertStatus(BatchStatus.COMPLETED, resumed);
            assertTrue(runs.storeFaults.uploadsPerPart().values().stream().allMatch(n -> n == 1), "a part was uploaded twice: " + runs.storeFaults.uploadsPerPart());
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            assertTrue(entry.objectBytes() > 3L * BackupSettings.MIN_S3_PART_BYTES, "several parts: " + entry.objectBytes());
            assertEquals(cluster.keyspaceAt(entry.etcdRevision()),
                    TestCluster.snapshotKeyspace(cluster.backupStorage().store().get(cluster.backupStorage().snapshotKey(1))));
        }
    }
}
