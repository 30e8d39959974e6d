package dev.metasnap.jobs;

import dev.metasnap.core.workdir.WorkFiles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.etcd.FaultInjectingEtcdGateway;
import dev.metasnap.core.etcd.JetcdGateway;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.hummock.rw.RwHummockCodec;
import dev.metasnap.core.hummock.rw.RwVersion;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.restore.RestoreMarker;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.testkit.EtcdPool;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/** Restore end to end: source cluster, backup, restore into a second etcd and hummock location. */
@ExtendWith(RealServers.class)
class RestoreJobTest {

    private static final RestoreSettings SMALL_TXNS = new RestoreSettings(64, 1_572_864, 4);

    @TempDir
    Path home;

    private final EtcdProcess target = EtcdPool.take();
    private final FaultInjectingEtcdGateway.Faults faults = new FaultInjectingEtcdGateway.Faults();
    private final PruneProgressTest.RecordingSink progress = new PruneProgressTest.RecordingSink();

    @AfterEach
    void stopTarget() {
        EtcdPool.giveBack(target);
    }

    private MetasnapRuntime runtime(TestCluster cluster) {
        return new MetasnapRuntime(cluster.connections(ObjectStores.real(), FaultInjectingEtcdGateway.wrapping(EtcdGateways.real(), faults)),
                MetasnapRuntime.h2Url(home), home.resolve("work"), BackupSettings.defaults(), SMALL_TXNS, progress);
    }

    private SnapshotMetadata backup(TestCluster cluster) throws Exception {
        try (var context = MetasnapContext.create(runtime(cluster))) {
            JobExecution e = context.getBean(JobOperator.class).start(context.getBean(BackupJobConfiguration.JOB_NAME, Job.class),
                    BackupJobConfiguration.parameters(cluster.etcdSettings(), cluster.backupLocation, "for restore"));
            JobAssertions.assertStatus(BatchStatus.COMPLETED, e);
        }
        return cluster.backupStorage().readManifest().snapshotMetadata().get(0);
    }

    private RestoreJobConfiguration.Request request(TestCluster cluster, HummockLocation hummock, boolean overwrite, BackupLocation newBackup) {
        return new RestoreJobConfiguration.Request(1, target.endpoint(), "", "", cluster.backupLocation.url().redacted(),
                cluster.backupLocation.directory(), hummock.url().redacted(), hummock.directory(), false, overwrite,
                newBackup == null ? null : newBackup.url().redacted(), newBackup == null ? null : newBackup.directory(), false);
    }

    private JobExecution restore(TestCluster cluster, RestoreJobConfiguration.Request request) throws Exception {
        try (var context = MetasnapContext.create(runtime(cluster))) {
            return context.getBean(JobOperator.class).start(context.getBean(RestoreJobConfiguration.JOB_NAME, Job.class),
                    RestoreJobConfiguration.parameters(request));
        }
    }

    private JobExecution restart(TestCluster cluster, long executionId) throws Exception {
        try (var context = MetasnapContext.create(runtime(cluster))) {
            return context.getBean(JobOperator.class).restart(context.getBean(JobRepository.class).getJobExecution(executionId));
        }
    }

    private static SortedMap<String, String> keyspace(EtcdProcess etcd) {
        try (EtcdGateway gateway = JetcdGateway.connect(EtcdSettings.of(etcd.endpoint()))) {
            SortedMap<String, String> all = new TreeMap<>();
            var range = KeyRange.prefix("");
            while (true) {
                var page = gateway.range(range, 0, 5000);
                page.entries().forEach(e -> all.put(new String(e.key()), java.util.HexFormat.of().formatHex(e.value())));
                if (!page.more()) {
                    return all;
                }
                range = range.after(page.entries().get(page.entries().size() - 1).key());
            }
        }
    }

    @Test
    void restoresIntoASecondEtcdAndHummockLocationKeyByKey(EtcdProcess source, S3ProxyProcess s3) throws Exception {
        s3.createBucket("r-state");
        s3.createBucket("r-backup");
        s3.createBucket("r-state2");
        try (TestCluster cluster = new TestCluster(source, HummockLocation.parse(s3.minioUrl("r-state"), "hummock_001"),
                BackupLocation.parse(s3.minioUrl("r-backup"), "backup"), new ClusterShape(5, 5000, 200, 5))) {
            SnapshotMetadata entry = backup(cluster);
            HummockLocation second = HummockLocation.parse(s3.minioUrl("r-state2"), "hummock_002");
            cluster.secrets.storageUrl(second.url());

            JobExecution execution = restore(cluster, request(cluster, second, false, null));
            JobAssertions.assertStatus(BatchStatus.COMPLETED, execution);

            SortedMap<String, String> expected = expectedKeyspace(cluster, entry);
            assertEquals(expected, keyspace(target), "byte for byte, lease keys aside, no marker left");
            HummockStorage restored = cluster.connections(ObjectStores.real(), EtcdGateways.real()).hummockStorage(second);
            // the restored checkpoint is the snapshot's version itself, so the cluster resolves exactly it
            RwVersion checkpoint = RwHummockCodec.decodeCheckpoint(restored.read(HummockStorage.CHECKPOINT).orElseThrow());
            assertEquals(List.of(entry.hummockVersionId(), entry.maxCommittedEpoch(), entry.safeEpoch()),
                    List.of(checkpoint.id(), checkpoint.maxCommittedEpoch(), checkpoint.safeEpoch()));
            assertEquals(entry.ssts(), List.copyOf(checkpoint.objectIds()));
            assertArrayEquals(cluster.hummock.read(HummockStorage.CLUSTER_ID).orElseThrow(), restored.read(HummockStorage.CLUSTER_ID).orElseThrow());
        }
    }

    @Test
    void aFailureMidWriteIsRestartedToTheSameTarget(EtcdProcess source, @TempDir Path storage) throws Exception {
        failMidWriteThenRestart(source, storage, false);
    }

    @Test
    void aRestartOnAHostWithoutTheDownloadedSnapshotDownloadsItAgain(EtcdProcess source, @TempDir Path storage) throws Exception {
        failMidWriteThenRestart(source, storage, true);
    }

    /** Fails the restore part-way through its writes, then restarts it, here or (without the local copy) as another host would. */
    private void failMidWriteThenRestart(EtcdProcess source, Path storage, boolean withoutLocalCopy) throws Exception {
        try (TestCluster cluster = fsCluster(source, storage, new ClusterShape(5, 10_000, 200, 5))) {
            SnapshotMetadata entry = backup(cluster);
            HummockLocation second = HummockLocation.parse("fs://" + storage.resolve("state2"), "hummock_001");
            // past the first chunk (64 batches of 64 keys), so the restart resumes after committed work
            faults.failBatchWritesAfter(100);

            JobExecution first = restore(cluster, request(cluster, second, false, null));
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            long partial = keyspace(target).size();
            assertTrue(partial > 1 && partial < entry.keyCount(), "partial restore: " + partial);
            assertTrue(keyspace(target).containsKey(RestoreMarker.KEY), "the marker shows the restore is incomplete");
            if (withoutLocalCopy) {
                WorkFiles.delete(home.resolve("work"));
            }

            faults.heal();
            progress.reports.clear();
            JobAssertions.assertStatus(BatchStatus.COMPLETED, restart(cluster, first.getId()));
            assertEquals(expectedKeyspace(cluster, entry), keyspace(target));
            // the restart shows its progress from the keys the failed run committed, and ends at the total
            List<PruneProgressTest.Report> restore = progress.of("restore");
            assertTrue(!restore.isEmpty(), "the restore step reports its progress; stages seen: " + progress.stages());
            PruneProgressTest.Report resumed = restore.get(0);
            assertTrue(resumed.begin() && resumed.items() > 0 && resumed.items() < resumed.total() && resumed.bytes() > 0, restore.toString());
            PruneProgressTest.Report last = restore.get(restore.size() - 1);
            assertEquals(last.total(), last.items(), restore.toString());
        }
    }

    @Test
    void aNonEmptyTargetAndACorruptedSnapshotAreRefusedWithNothingWritten(EtcdProcess source, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(source, storage, new ClusterShape(3, 2000, 200, 3))) {
            backup(cluster);
            HummockLocation second = HummockLocation.parse("fs://" + storage.resolve("state2"), "hummock_001");

            target.etcdctl("put", "someone", "else");
            JobExecution refused = restore(cluster, request(cluster, second, false, null));
            JobAssertions.assertStatus(BatchStatus.FAILED, refused);
            assertTrue(JobAssertions.describeFailures(refused).contains("is not empty: 1 keys"), JobAssertions.describeFailures(refused));
            assertEquals(1, keyspace(target).size());
            target.etcdctl("del", "someone");

            Path object = storage.resolve("backups/backup/1.snapshot");
            byte[] bytes = Files.readAllBytes(object);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(object, bytes);
            JobExecution corrupt = restore(cluster, request(cluster, second, false, null));
            JobAssertions.assertStatus(BatchStatus.FAILED, corrupt);
            assertTrue(JobAssertions.describeFailures(corrupt).contains("CRC32C mismatch"), JobAssertions.describeFailures(corrupt));
            assertEquals(0, keyspace(target).size(), "not a single key written");
            assertTrue(Files.notExists(storage.resolve("state2/hummock_001/checkpoint/0")));
        }
    }

    @Test
    void theOverwriteFlagsChangeExactlyTheFourStorageParams(EtcdProcess source, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(source, storage, new ClusterShape(3, 1000, 200, 3))) {
            SnapshotMetadata entry = backup(cluster);
            HummockLocation second = HummockLocation.parse("fs://" + storage.resolve("state2"), "hummock_009");
            BackupLocation newBackups = BackupLocation.parse("fs://" + storage.resolve("backups2"), "restored");
            JobAssertions.assertStatus(BatchStatus.COMPLETED, restore(cluster, request(cluster, second, true, newBackups)));

            SortedMap<String, String> expected = expectedKeyspace(cluster, entry);
            SortedMap<String, String> actual = keyspace(target);
            java.util.Map<String, String> changed = new TreeMap<>();
            for (String k : expected.keySet()) {
                if (!expected.get(k).equals(actual.get(k))) {
                    changed.put(k, new String(java.util.HexFormat.of().parseHex(actual.get(k))));
                }
            }
            assertEquals(expected.keySet(), actual.keySet());
            assertEquals(java.util.Map.of(
                    "cf/system_params/state_store", "hummock+fs://" + storage.resolve("state2"),
                    "cf/system_params/data_directory", "hummock_009",
                    "cf/system_params/backup_storage_url", "fs://" + storage.resolve("backups2"),
                    "cf/system_params/backup_storage_directory", "restored"), changed);
        }
    }

    private static TestCluster fsCluster(EtcdProcess source, Path storage, ClusterShape shape) {
        return new TestCluster(source, HummockLocation.parse("fs://" + storage.resolve("state"), "hummock_001"),
                BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"), shape);
    }

    private SortedMap<String, String> expectedKeyspace(TestCluster cluster, SnapshotMetadata entry) {
        SortedMap<String, String> expected = new TreeMap<>();
        cluster.keyspaceAt(entry.etcdRevision()).forEach((k, v) -> expected.put(new String(java.util.HexFormat.of().parseHex(k)), v));
        return expected;
    }

    @Test
    void aTargetPrefixOtherThanTheSnapshotsIsRefusedBeforeAnyWrite(EtcdProcess source, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(source, storage, new ClusterShape(3, 1000, 200, 3))) {
            backup(cluster);
            target.etcdctl("put", "other-cluster/cf/x", "theirs");
            HummockLocation second = HummockLocation.parse("fs://" + storage.resolve("state2"), "hummock_001");
            RestoreJobConfiguration.Request base = request(cluster, second, false, null);
            RestoreJobConfiguration.Request prefixed = new RestoreJobConfiguration.Request(base.snapshotId(), base.etcdEndpoints(), "",
                    "mine/", base.backupUrl(), base.backupDirectory(), base.hummockUrl(), base.hummockDirectory(), false, false, null, null, false);

            JobExecution refused = restore(cluster, prefixed);
            JobAssertions.assertStatus(BatchStatus.FAILED, refused);
            assertTrue(JobAssertions.describeFailures(refused).contains("was taken under root prefix '' but the target prefix is 'mine/'"),
                    JobAssertions.describeFailures(refused));
            assertEquals(java.util.Map.of("other-cluster/cf/x", java.util.HexFormat.of().formatHex("theirs".getBytes())), keyspace(target),
                    "not a key written, the other cluster's key untouched");
        }
    }

    @Test
    void aRestartAfterTheMarkerWasRemovedFinishesInsteadOfCallingItsOwnResultNotEmpty(EtcdProcess source, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(source, storage, new ClusterShape(3, 3000, 200, 3))) {
            SnapshotMetadata entry = backup(cluster);
            HummockLocation second = HummockLocation.parse("fs://" + storage.resolve("state2"), "hummock_001");
            faults.loseNextDeleteAnswer();
            JobExecution first = restore(cluster, request(cluster, second, false, null));
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            assertEquals(expectedKeyspace(cluster, entry), keyspace(target), "the marker is gone: the restore is complete");

            JobExecution resumed = restart(cluster, first.getId());
            JobAssertions.assertStatus(BatchStatus.COMPLETED, resumed);
            assertEquals(expectedKeyspace(cluster, entry), keyspace(target));
            assertTrue(Files.notExists(home.resolve("work").resolve("restore-" + first.getJobInstanceId())), "local copy removed");
        }
    }

    @Test
    void aHummockTargetHoldingAnotherClustersStateIsRefusedUnlessReplacing(EtcdProcess source, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(source, storage, new ClusterShape(3, 1000, 200, 3))) {
            SnapshotMetadata entry = backup(cluster);
            HummockLocation second = HummockLocation.parse("fs://" + storage.resolve("state2"), "hummock_001");
            Path theirs = storage.resolve("state2/hummock_001/cluster_id/0");
            Files.createDirectories(theirs.getParent());
            Files.writeString(theirs, "another-cluster");

            JobExecution refused = restore(cluster, request(cluster, second, false, null));
            JobAssertions.assertStatus(BatchStatus.FAILED, refused);
            assertTrue(JobAssertions.describeFailures(refused).contains("holds the state of another cluster"), JobAssertions.describeFailures(refused));
            assertEquals(0, keyspace(target).size(), "nothing written");
            assertEquals("another-cluster", Files.readString(theirs));

            RestoreJobConfiguration.Request base = request(cluster, second, false, null);
            RestoreJobConfiguration.Request replacing = new RestoreJobConfiguration.Request(base.snapshotId(), base.etcdEndpoints(), "", "",
                    base.backupUrl(), base.backupDirectory(), base.hummockUrl(), base.hummockDirectory(), false, false, null, null, true);
            JobAssertions.assertStatus(BatchStatus.COMPLETED, restore(cluster, replacing));
            assertEquals(expectedKeyspace(cluster, entry), keyspace(target));
            assertArrayEquals(cluster.hummock.read(HummockStorage.CLUSTER_ID).orElseThrow(), Files.readAllBytes(theirs));
        }
    }
}
