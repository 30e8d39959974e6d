package dev.metasnap.jobs;

import dev.metasnap.core.workdir.WorkFiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;

/**
 * Failures after a step's work is done (a lost answer, a kill, a restart on another host whose
 * work directory is empty, a compaction before the restart): the restart must finish with the
 * snapshot an uninterrupted run would have committed, at the revision its keys came from.
 */
@ExtendWith(RealServers.class)
class BackupJobRecoveryTest {

    @TempDir
    Path home;

    private BackupRuns runs;

    @BeforeEach
    void runs() {
        runs = new BackupRuns(home);
    }

    private TestCluster fsCluster(EtcdProcess etcd, Path storage) {
        return new TestCluster(etcd, HummockLocation.parse("fs://" + storage.resolve("state"), "hummock_001"),
                BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"), new ClusterShape(5, 20_000, 200, 5));
    }

    /** Another host restarting the run, or a work directory removed after a kill: nothing local is left. */
    private void loseWorkFiles() {
        WorkFiles.delete(home.resolve("work"));
    }

    /** Moves the cluster on and compacts, so the revision the run pinned can no longer be read. */
    private static void compactPastPin(TestCluster cluster) {
        cluster.generator.tick(1, 1);
        cluster.etcd.compact(cluster.etcd.currentRevision());
    }

    private static SortedMap<String, String> snapshotKeys(TestCluster cluster, long id) {
        return TestCluster.snapshotKeyspace(cluster.backupStorage().store().get(cluster.backupStorage().snapshotKey(id)));
    }

    @Test
    void aRevisionCompactedAfterTheExportKeepsTheSnapshotAtTheRevisionItsKeysCameFrom(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(etcd, storage)) {
            runs.storeFaults.failPartUploadsAfter(3);
            JobExecution first = runs.start(cluster, BackupRuns.SMALL);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            long exported = first.getExecutionContext().getLong("backup.revision");
            SortedMap<String, String> atExport = cluster.keyspaceAt(exported);
            compactPastPin(cluster);
            runs.storeFaults.heal();

            JobAssertions.assertStatus(BatchStatus.COMPLETED, runs.restart(cluster, BackupRuns.SMALL, first.getId()));
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            assertEquals(exported, entry.etcdRevision(), "the snapshot names the revision its keys came from");
            assertEquals(atExport, snapshotKeys(cluster, 1));
        }
    }

    @Test
    void aRestartWithoutTheWorkFilesCapturesAgainAtAReadableRevision(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(etcd, storage)) {
            runs.storeFaults.failPartUploadsAfter(3);
            JobExecution first = runs.start(cluster, BackupRuns.SMALL);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            long exported = first.getExecutionContext().getLong("backup.revision");
            loseWorkFiles();
            compactPastPin(cluster);
            runs.storeFaults.heal();

            JobAssertions.assertStatus(BatchStatus.COMPLETED, runs.restart(cluster, BackupRuns.SMALL, first.getId()));
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            assertTrue(entry.etcdRevision() > exported, "captured again at a new revision: " + entry.etcdRevision());
            assertEquals(cluster.keyspaceAt(entry.etcdRevision()), snapshotKeys(cluster, 1));
            assertEquals(1, cluster.backupStorage().readManifest().snapshotMetadata().size());
        }
    }

    @Test
    void aPartialExportWhoseBlockFileIsNotOnThisHostStartsOverInsteadOfFailingForever(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(etcd, storage)) {
            runs.etcdFaults.failPagesAfter(5);
            JobExecution first = runs.start(cluster, BackupRuns.SMALL);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            var export = first.getStepExecutions().stream().filter(s -> s.getStepName().equals("exportMetaKeys")).findFirst().orElseThrow();
            assertTrue(export.getCommitCount() >= 2, "several chunks committed before the failure: " + export.getCommitCount());
            loseWorkFiles();
            runs.etcdFaults.heal();

            JobAssertions.assertStatus(BatchStatus.COMPLETED, runs.restart(cluster, BackupRuns.SMALL, first.getId()));
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            assertEquals(cluster.keyspaceAt(entry.etcdRevision()), snapshotKeys(cluster, 1));
            assertEquals(cluster.keyspaceAt(entry.etcdRevision()).size(), entry.keyCount());
        }
    }

    @Test
    void aDamagedUploadOnS3IsDeletedAndTheRestartUploadsItAgain(EtcdProcess etcd, S3ProxyProcess s3) throws Exception {
        s3.createBucket("damaged-state");
        s3.createBucket("damaged-backup");
        try (TestCluster cluster = new TestCluster(etcd, HummockLocation.parse(s3.minioUrl("damaged-state"), "hummock_001"),
                BackupLocation.parse(s3.minioUrl("damaged-backup"), "backup"), new ClusterShape(3, 5_000, 200, 3))) {
            runs.storeFaults.corruptNextCompletedObject();
            JobExecution first = runs.start(cluster, BackupSettings.defaults());
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            assertTrue(first.getAllFailureExceptions().stream().anyMatch(SnapshotCorruptException.class::isInstance),
                    "verification failed (exit 5), not a connection error: " + first.getAllFailureExceptions());
            assertFalse(cluster.backupStorage().store().head(cluster.backupStorage().snapshotKey(1)).isPresent(), "the damaged object was deleted");
            assertTrue(cluster.backupStorage().readManifest().snapshotMetadata().isEmpty());

            JobAssertions.assertStatus(BatchStatus.COMPLETED, runs.restart(cluster, BackupSettings.defaults(), first.getId()));
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            assertEquals(cluster.keyspaceAt(entry.etcdRevision()), snapshotKeys(cluster, 1));
        }
    }

    @Test
    void aRunThatDiedRightAfterItsManifestCommitFinishesWithoutWritingAgain(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(etcd, storage)) {
            runs.storeFaults.loseNextConditionalPutAnswer("manifest.json", "sha256");
            JobExecution first = runs.start(cluster, BackupRuns.SMALL);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            BackupManifest committed = cluster.backupStorage().readManifest();
            assertEquals(1, committed.snapshotMetadata().size(), "the commit took effect");
            byte[] object = cluster.backupStorage().store().get(cluster.backupStorage().snapshotKey(1)).readAllBytes();
            loseWorkFiles();
            compactPastPin(cluster);

            JobExecution resumed = runs.restart(cluster, BackupRuns.SMALL, first.getId());
            JobAssertions.assertStatus(BatchStatus.COMPLETED, resumed);
            assertEquals(committed.snapshotMetadata(), cluster.backupStorage().readManifest().snapshotMetadata());
            assertTrue(java.util.Arrays.equals(object, cluster.backupStorage().store().get(cluster.backupStorage().snapshotKey(1)).readAllBytes()),
                    "the committed object was not replaced");
            assertFalse(resumed.getStepExecutions().stream().anyMatch(s -> s.getStepName().equals("exportMetaKeys")), "nothing captured again");
            assertFalse(Files.exists(home.resolve("work").resolve("backup-" + first.getJobInstanceId())));
        }
    }

    @Test
    void aLostAnswerToTheCompletionDoesNotSendThePartsAgain(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(etcd, storage)) {
            runs.storeFaults.loseNextCompleteAnswer();
            JobExecution first = runs.start(cluster, BackupRuns.SMALL);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);

            JobAssertions.assertStatus(BatchStatus.COMPLETED, runs.restart(cluster, BackupRuns.SMALL, first.getId()));
            assertTrue(runs.storeFaults.uploadsPerPart().values().stream().allMatch(n -> n == 1), "a part was sent twice: " + runs.storeFaults.uploadsPerPart());
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            assertEquals(cluster.keyspaceAt(entry.etcdRevision()), snapshotKeys(cluster, 1));
        }
    }
}
