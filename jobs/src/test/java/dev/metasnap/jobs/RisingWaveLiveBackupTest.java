package dev.metasnap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.demo.LiveCluster;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.hummock.rw.RwHummockCodec;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.store.ForwardingObjectStore;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.core.store.VersionedBytes;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;

/**
 * Backups of a RisingWave-layout cluster that keeps committing epochs, compacting, splitting
 * groups and folding its delta log into new checkpoints while the backups run: every snapshot
 * records exactly the version the cluster had at the snapshot's revision.
 */
@ExtendWith(RealServers.class)
class RisingWaveLiveBackupTest {

    @TempDir
    Path home;

    @Test
    void everySnapshotRecordsTheVersionOfItsRevisionWhileCheckpointsFoldTheLog(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = new TestCluster(etcd,
                HummockLocation.parse("fs://" + storage.resolve("state"), "hummock_001"),
                BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"),
                new ClusterShape(6, 3000, 200, 20))) {
            try (LiveCluster live = LiveCluster.start(cluster.generator, Duration.ofMillis(3), 4)) {
                for (int i = 0; i < 4; i++) {
                    JobAssertions.assertStatus(BatchStatus.COMPLETED, backup(cluster));
                }
                assertTrue(live.ticks() > 20, "the cluster kept committing: " + live.ticks() + " ticks");
            }
            List<SnapshotMetadata> entries = cluster.backupStorage().readManifest().snapshotMetadata();
            assertEquals(4, entries.size());
            long checkpointId = RwHummockCodec.decodeCheckpoint(cluster.hummock.read(HummockStorage.CHECKPOINT).orElseThrow()).id();
            assertTrue(checkpointId > 20, "checkpoints folded the delta log: now at version " + checkpointId);
            for (SnapshotMetadata entry : entries) {
                long version = newestDeltaAt(cluster, entry.etcdRevision());
                assertEquals("risingwave", entry.hummockLayout());
                assertEquals(version, entry.hummockVersionId(), "snapshot " + entry.id() + " at revision " + entry.etcdRevision());
                assertEquals(cluster.generator.objectIdsAt(version), new TreeSet<>(entry.ssts()), "SSTs of snapshot " + entry.id());
                var actual = TestCluster.snapshotKeyspace(cluster.backupStorage().store().get(cluster.backupStorage().snapshotKey(entry.id())));
                assertEquals(cluster.keyspaceAt(entry.etcdRevision()), actual, "keys of snapshot " + entry.id());
            }
        }
    }

    @Test
    void aCheckpointWrittenAfterThePinIsNotMistakenForTheVersionOfTheRevision(EtcdProcess etcd, @TempDir Path storage) throws Exception {
        try (TestCluster cluster = new TestCluster(etcd,
                HummockLocation.parse("fs://" + storage.resolve("state"), "hummock_001"),
                BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"),
                new ClusterShape(4, 500, 100, 5))) {
            long before = cluster.generator.versionId();
            AtomicBoolean raced = new AtomicBoolean();
            // the first read of the checkpoint happens after the revision was pinned: the cluster
            // commits and folds its whole log into a new checkpoint just then
            ObjectStores racing = url -> new ForwardingObjectStore(ObjectStores.real().open(url)) {
                @Override
                public Optional<VersionedBytes> getVersioned(String key) {
                    if (key.endsWith(HummockStorage.CHECKPOINT) && raced.compareAndSet(false, true)) {
                        for (int i = 0; i < 5; i++) {
                            cluster.generator.commitEpoch();
                        }
                        cluster.generator.checkpoint();
                    }
                    return super.getVersioned(key);
                }
            };
            try (var context = MetasnapContext.create(cluster.runtime(home, racing, EtcdGateways.real(), BackupSettings.defaults()))) {
                JobExecution execution = context.getBean(JobOperator.class).start(context.getBean(BackupJobConfiguration.JOB_NAME, Job.class),
                        BackupJobConfiguration.parameters(cluster.etcdSettings(), cluster.backupLocation, "race"));
                JobAssertions.assertStatus(BatchStatus.COMPLETED, execution);
            }
            assertTrue(raced.get());
            SnapshotMetadata entry = cluster.backupStorage().readManifest().snapshotMetadata().get(0);
            long version = newestDeltaAt(cluster, entry.etcdRevision());
            assertTrue(version > before + 4, "the snapshot's revision was pinned again after the checkpoint moved: version " + version);
            assertEquals(version, entry.hummockVersionId());
            assertEquals(cluster.generator.objectIdsAt(version), new TreeSet<>(entry.ssts()));
        }
    }

    /**
     * The generator keeps the two newest folded deltas in etcd, so the newest delta at any
     * revision is the version at that revision.
     */
    private static long newestDeltaAt(TestCluster cluster, long revision) {
        long newest = -1;
        for (MetaEntry e : cluster.etcd.range(KeyRange.prefix(MetaKeys.HUMMOCK_DELTAS), revision, 100_000).entries()) {
            newest = Math.max(newest, RwHummockCodec.decodeDelta(e.value()).id());
        }
        return newest;
    }

    private JobExecution backup(TestCluster cluster) throws Exception {
        try (var context = MetasnapContext.create(cluster.runtime(home, ObjectStores.real(), EtcdGateways.real(), BackupSettings.defaults().withBlockKeys(500)))) {
            JobOperator operator = context.getBean(JobOperator.class);
            Job job = context.getBean(BackupJobConfiguration.JOB_NAME, Job.class);
            return operator.start(job, BackupJobConfiguration.parameters(cluster.etcdSettings(), cluster.backupLocation, "live"));
        }
    }
}
