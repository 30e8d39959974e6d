package dev.metasnap.jobs;

import dev.metasnap.steps.run.JobParameterNames;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.retention.RestartableSnapshots;
import dev.metasnap.core.ssts.SstIndex;
import dev.metasnap.core.ssts.SstRetention;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.core.store.FaultInjectingObjectStore;
import dev.metasnap.core.store.ForwardingObjectStore;
import dev.metasnap.core.store.ObjectStoreException;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.core.store.StoredObject;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/** backup --copy-ssts: incremental, restartable, honest about SSTs the cluster deleted, and pruned with its snapshots. */
@ExtendWith(RealServers.class)
class SelfContainedBackupTest {

    private static final ClusterShape SHAPE = new ClusterShape(4, 300, 100, 12);

    @TempDir
    Path home;

    private JobExecution backup(TestCluster cluster, ObjectStores stores, String copy) throws Exception {
        try (var context = MetasnapContext.create(cluster.runtime(home, stores, EtcdGateways.real(), BackupSettings.defaults()))) {
            return context.getBean(JobOperator.class).start(context.getBean(BackupJobConfiguration.JOB_NAME, Job.class),
                    BackupJobConfiguration.parameters(cluster.etcdSettings(), cluster.backupLocation, "copy", copy));
        }
    }

    private JobExecution restart(TestCluster cluster, ObjectStores stores, long executionId) throws Exception {
        try (var context = MetasnapContext.create(cluster.runtime(home, stores, EtcdGateways.real(), BackupSettings.defaults()))) {
            return context.getBean(JobOperator.class).restart(context.getBean(JobRepository.class).getJobExecution(executionId));
        }
    }

    private static TestCluster fsCluster(EtcdProcess etcd, Path storage) {
        return new TestCluster(etcd, HummockLocation.parse("fs://" + storage.resolve("state"), "hummock_001"),
                BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"), SHAPE);
    }

    private static byte[] read(dev.metasnap.core.store.ObjectStore store, String key) throws Exception {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }

    /** Every SST of the entry is in backup storage with the source's bytes, and indexed as referenced by it. */
    private static void assertCopied(TestCluster cluster, SnapshotMetadata entry) throws Exception {
        SstStore ssts = new SstStore(cluster.backupStorage());
        SstIndex index = ssts.readIndex();
        for (long id : entry.ssts()) {
            byte[] source = read(cluster.hummock.store(), cluster.hummock.sstKey(HummockLayouts.RISINGWAVE, id));
            assertArrayEquals(source, read(ssts.storage().store(), ssts.sstKey(id)), "SST " + id);
            assertEquals(source.length, index.ssts().get(id).size());
            assertTrue(index.ssts().get(id).snapshots().contains(entry.id()), "SST " + id + " indexed as referenced by " + entry.id());
        }
    }

    @Test
    void copiesEverySstAndASecondBackupCopiesOnlyTheNewOnes(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(etcd, storage)) {
            JobAssertions.assertStatus(BatchStatus.COMPLETED, backup(cluster, ObjectStores.real(), JobParameterNames.MISSING_MARK));
            SnapshotMetadata first = cluster.backupStorage().readManifest().find(1).orElseThrow();
            assertTrue(first.selfContained());
            assertEquals(first.ssts().size(), first.sstCopy().copied());
            assertEquals(0, first.sstCopy().shared());
            assertCopied(cluster, first);

            for (int i = 0; i < 6; i++) {
                cluster.generator.commitEpoch();
            }
            JobAssertions.assertStatus(BatchStatus.COMPLETED, backup(cluster, ObjectStores.real(), JobParameterNames.MISSING_MARK));
            SnapshotMetadata second = cluster.backupStorage().readManifest().find(2).orElseThrow();
            Set<Long> fresh = new TreeSet<>(second.ssts());
            fresh.removeAll(first.ssts());
            assertFalse(fresh.isEmpty(), "the cluster wrote new SSTs");
            assertEquals(fresh.size(), second.sstCopy().copied(), "only the new SSTs are copied");
            assertEquals(second.ssts().size() - fresh.size(), second.sstCopy().shared());
            assertCopied(cluster, second);

            // retention: removing snapshot 1 removes exactly the SSTs only it referenced
            cluster.backupStorage().update(m -> m.without(List.of(1L)));
            Set<Long> onlyFirst = new TreeSet<>(first.ssts());
            onlyFirst.removeAll(second.ssts());
            SstRetention.Removed removed = SstRetention.removeUnreferenced(cluster.backupStorage(), Set.of());
            assertEquals(onlyFirst.size(), removed.count());
            SstStore ssts = new SstStore(cluster.backupStorage());
            assertEquals(new TreeSet<>(second.ssts()), ssts.readIndex().ssts().keySet());
            for (long id : onlyFirst) {
                assertTrue(ssts.storage().store().head(ssts.sstKey(id)).isEmpty(), "SST " + id + " only snapshot 1 referenced is gone");
            }
            assertCopied(cluster, second);
            assertTrue(ssts.readIndex().ssts().values().stream().allMatch(e -> e.snapshots().equals(List.of(2L))));
        }
    }

    @Test
    void onS3TheCopyGoesBetweenBucketsInsideTheServer(EtcdProcess etcd, S3ProxyProcess s3) throws Exception {
        s3.createBucket("sc-state");
        s3.createBucket("sc-backup");
        try (TestCluster cluster = new TestCluster(etcd, HummockLocation.parse(s3.minioUrl("sc-state"), "hummock_001"),
                BackupLocation.parse(s3.minioUrl("sc-backup"), "backup"), SHAPE)) {
            FaultInjectingObjectStore.Faults counting = new FaultInjectingObjectStore.Faults();
            JobAssertions.assertStatus(BatchStatus.COMPLETED,
                    backup(cluster, FaultInjectingObjectStore.wrapping(ObjectStores.real(), counting), JobParameterNames.MISSING_MARK));
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            assertTrue(entry.selfContained());
            assertCopied(cluster, entry);
            assertTrue(counting.streamPutsPerKey().keySet().stream().noneMatch(k -> k.contains("/ssts/")),
                    "two buckets of one endpoint: copied inside the server, not through metasnap: " + counting.streamPutsPerKey());
        }
    }

    @Test
    void aFailureMidCopyIsRestartedWithoutCopyingAnySstTwice(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(etcd, storage)) {
            FaultInjectingObjectStore.Faults faults = new FaultInjectingObjectStore.Faults().failStreamPutsAfter(5);
            ObjectStores stores = FaultInjectingObjectStore.wrapping(ObjectStores.real(), faults);
            JobExecution failed = backup(cluster, stores, JobParameterNames.MISSING_MARK);
            JobAssertions.assertStatus(BatchStatus.FAILED, failed);
            assertTrue(cluster.backupStorage().readManifest().snapshotMetadata().isEmpty());

            faults.heal();
            JobAssertions.assertStatus(BatchStatus.COMPLETED, restart(cluster, stores, failed.getId()));
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            assertTrue(entry.selfContained());
            assertEquals(entry.ssts().size(), entry.sstCopy().copied(), "every SST counted once, copied before or after the failure");
            assertCopied(cluster, entry);
            SstStore ssts = new SstStore(cluster.backupStorage());
            List<String> keys = entry.ssts().stream().map(ssts::sstKey).toList();
            faults.streamPutsPerKey().forEach((key, times) -> {
                if (keys.contains(key)) {
                    assertEquals(1, times, key + " copied once");
                }
            });
            assertEquals(new TreeSet<>(keys), new TreeSet<>(faults.streamPutsPerKey().keySet().stream().filter(keys::contains).toList()));
        }
    }

    @Test
    void anSstTheClusterDeletesAfterThePinIsReportedAndMarksTheSnapshot(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(etcd, storage)) {
            AtomicReference<String> deleted = new AtomicReference<>();
            // the cluster's garbage collector deletes an SST just as the copy step looks for it
            ObjectStores collecting = url -> new ForwardingObjectStore(ObjectStores.real().open(url)) {
                @Override
                public Optional<StoredObject> head(String key) {
                    if (key.endsWith(".data") && key.contains("hummock_001") && deleted.compareAndSet(null, key)) {
                        delete(key);
                    }
                    return super.head(key);
                }
            };
            JobExecution failing = backup(cluster, collecting, JobParameterNames.MISSING_FAIL);
            JobAssertions.assertStatus(BatchStatus.FAILED, failing);
            long gone = Long.parseLong(deleted.get().replaceAll(".*/(\\d+)\\.data$", "$1"));
            String message = failing.getAllFailureExceptions().get(0).getMessage();
            assertTrue(message.contains("object ids [" + gone + "]") && message.contains("not be self-contained"), message);
            assertTrue(cluster.backupStorage().readManifest().snapshotMetadata().isEmpty(), "nothing committed");

            deleted.set(null);
            JobAssertions.assertStatus(BatchStatus.COMPLETED, backup(cluster, collecting, JobParameterNames.MISSING_MARK));
            long goneToo = Long.parseLong(deleted.get().replaceAll(".*/(\\d+)\\.data$", "$1"));
            SnapshotMetadata entry = cluster.backupStorage().readManifest().snapshotMetadata().get(0);
            assertFalse(entry.selfContained());
            assertEquals(List.of(goneToo), entry.sstCopy().missing());
            List<Long> present = new ArrayList<>(entry.ssts());
            present.removeAll(List.of(gone, goneToo));
            assertEquals(present.size(), entry.sstCopy().copied() + entry.sstCopy().shared());
        }
    }

    @Test
    void aSecondClusterCannotCopyItsSstsIntoTheSameLocation(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster first = fsCluster(etcd, storage); EtcdProcess otherEtcd = EtcdProcess.start();
             TestCluster second = new TestCluster(otherEtcd, HummockLocation.parse("fs://" + storage.resolve("state2"), "hummock_001"),
                     BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"), SHAPE)) {
            // generated with the same seed: give the second cluster an id of its own, as a real one has
            second.etcd.put(dev.metasnap.config.MetaKeys.CLUSTER_ID, "0b5e7c1e-0000-4000-8000-000000000002".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            JobAssertions.assertStatus(BatchStatus.COMPLETED, backup(first, ObjectStores.real(), JobParameterNames.MISSING_MARK));
            SstIndex before = new SstStore(first.backupStorage()).readIndex();
            JobExecution refused = backup(second, ObjectStores.real(), JobParameterNames.MISSING_MARK);
            JobAssertions.assertStatus(BatchStatus.FAILED, refused);
            Throwable cause = refused.getAllFailureExceptions().get(0);
            while (cause.getCause() != null && !cause.getMessage().contains("belong to cluster")) {
                cause = cause.getCause();
            }
            String message = cause.getMessage();
            assertTrue(message.contains("belong to cluster") && message.contains("its own backup location"), message);
            assertEquals(before, new SstStore(first.backupStorage()).readIndex(), "the first cluster's copies are untouched");
            assertEquals(1, first.backupStorage().readManifest().snapshotMetadata().size());
        }
    }

    @Test
    void copiesRemovedByAPruneThatCannotSeeTheRunAreCopiedAgainOnRestart(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(etcd, storage)) {
            AtomicBoolean indexed = new AtomicBoolean();
            AtomicBoolean refused = new AtomicBoolean();
            // the commit (the first manifest write after the copy was indexed) fails once
            ObjectStores failingCommit = url -> new ForwardingObjectStore(ObjectStores.real().open(url)) {
                @Override
                public boolean putIfVersion(String key, byte[] content, String expectedVersion) {
                    if (key.endsWith("/ssts/index.json")) {
                        indexed.set(true);
                    } else if (key.endsWith("/manifest.json") && indexed.get() && refused.compareAndSet(false, true)) {
                        throw new ObjectStoreException("injected failure writing " + key);
                    }
                    return super.putIfVersion(key, content, expectedVersion);
                }
            };
            JobExecution failed = backup(cluster, failingCommit, JobParameterNames.MISSING_MARK);
            JobAssertions.assertStatus(BatchStatus.FAILED, failed);
            // a prune from another home cannot see this run as restartable: it removes the copies no snapshot references
            SstRetention.removeUnreferenced(cluster.backupStorage(), Set.of());
            assertTrue(new SstStore(cluster.backupStorage()).readIndex().ssts().isEmpty());

            JobExecution again = restart(cluster, ObjectStores.real(), failed.getId());
            if (again.getStatus() != BatchStatus.COMPLETED) {
                // the commit found the copies gone and asked for a restart: that one copies them again
                again = restart(cluster, ObjectStores.real(), again.getId());
            }
            JobAssertions.assertStatus(BatchStatus.COMPLETED, again);
            SnapshotMetadata entry = cluster.backupStorage().readManifest().snapshotMetadata().get(0);
            assertTrue(entry.selfContained());
            assertCopied(cluster, entry);
        }
    }

    @Test
    void sstsOfARestartableRunAreNotRemoved(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = fsCluster(etcd, storage)) {
            JobAssertions.assertStatus(BatchStatus.COMPLETED, backup(cluster, ObjectStores.real(), JobParameterNames.MISSING_MARK));
            SnapshotMetadata entry = cluster.backupStorage().readManifest().find(1).orElseThrow();
            cluster.backupStorage().update(m -> m.without(List.of(1L)));
            RestartableSnapshots holding = new RestartableSnapshots() {
                @Override
                public Set<Long> held(String url, String directory) {
                    return Set.of();
                }

                @Override
                public Set<Long> heldSsts(String url, String directory) {
                    return Set.copyOf(entry.ssts());
                }
            };
            assertEquals(0, SstRetention.removeUnreferenced(cluster.backupStorage(), holding.heldSsts("", "")).count());
            assertEquals(entry.ssts().size(), SstRetention.removeUnreferenced(cluster.backupStorage(), Set.of()).count());
        }
    }
}
