package dev.metasnap.jobs;

import dev.metasnap.core.retention.Orphans;
import dev.metasnap.steps.run.JobParameterNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.RetentionPolicy;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.steps.prune.SnapshotObjectDeleter;
import dev.metasnap.steps.prune.SweepOrphansTasklet;
import dev.metasnap.core.ssts.SstIndex;
import dev.metasnap.core.ssts.SstRetention;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.core.store.ForwardingObjectStore;
import dev.metasnap.core.store.ObjectStoreException;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.core.store.StoredObject;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * A prune reports the steps that delete against totals known before their first deletion, with
 * the bytes they free; a restart reports from where the committed deletions left off; and a
 * display that fails changes nothing the prune does.
 */
@ExtendWith(RealServers.class)
class PruneProgressTest {

    private static final ClusterShape SHAPE = new ClusterShape(4, 300, 100, 12);
    private static final RetentionPolicy KEEP_NEWEST = new RetentionPolicy(1, null, 0, 0, 0);
    private static final String PREFIX = "backup/";

    @TempDir
    Path home;

    @TempDir
    Path storage;

    /** One call a step made, as the sink saw it. */
    record Report(boolean begin, String stage, long items, long total, long bytes) {
    }

    static final class RecordingSink implements ProgressSink {
        final List<Report> reports = new CopyOnWriteArrayList<>();

        @Override
        public void report(String stage, long items, long bytes) {
            reports.add(new Report(false, stage, items, -1, bytes));
        }

        @Override
        public void report(String stage, long items, long total, long bytes) {
            reports.add(new Report(false, stage, items, total, bytes));
        }

        @Override
        public void begin(String stage, long items, long total, long bytes) {
            reports.add(new Report(true, stage, items, total, bytes));
        }

        List<Report> of(String stage) {
            return reports.stream().filter(r -> r.stage().equals(stage)).toList();
        }

        List<String> stages() {
            return reports.stream().map(Report::stage).distinct().toList();
        }
    }

    /** What a prune keeping the newest snapshot removes, read from backup storage before it runs. */
    private record Expected(List<Long> snapshots, List<Long> snapshotBytes, int ssts, long sstBytes, int orphans, long orphanBytes,
                            Set<String> keysAfter) {
    }

    private TestCluster cluster(EtcdProcess etcd) {
        return new TestCluster(etcd, HummockLocation.parse("fs://" + storage.resolve("state"), "hummock_001"),
                BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"), SHAPE);
    }

    /** Three snapshots with copied SSTs (the cluster writes new ones between them) and two orphans old enough to sweep. */
    private Expected threeSnapshotsAndTwoOrphans(TestCluster cluster) throws Exception {
        for (int i = 0; i < 3; i++) {
            for (int e = 0; e < 6 && i > 0; e++) {
                cluster.generator.commitEpoch();
            }
            try (var context = MetasnapContext.create(cluster.runtime(home, ObjectStores.real(), EtcdGateways.real(), BackupSettings.defaults()))) {
                JobAssertions.assertStatus(BatchStatus.COMPLETED, context.getBean(JobOperator.class).start(
                        context.getBean(BackupJobConfiguration.JOB_NAME, Job.class),
                        BackupJobConfiguration.parameters(cluster.etcdSettings(), cluster.backupLocation, "progress " + i, JobParameterNames.MISSING_MARK)));
            }
        }
        BackupStorage backup = cluster.backupStorage();
        Set<String> removed = new HashSet<>();
        long orphanBytes = 0;
        for (String name : List.of("50.snapshot", "51.snapshot")) {
            backup.store().put(backup.key(name), ("left by a crashed run: " + name).getBytes());
            Path file = storage.resolve("backups").resolve(PREFIX).resolve(name);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Orphans.MIN_AGE).minus(Duration.ofMinutes(5))));
            orphanBytes += Files.size(file);
            removed.add(PREFIX + name);
        }

        BackupManifest manifest = backup.readManifest();
        SnapshotMetadata kept = manifest.find(3).orElseThrow();
        List<Long> snapshotBytes = new ArrayList<>();
        Set<Long> doomedSsts = new TreeSet<>();
        for (long id : List.of(1L, 2L)) {
            SnapshotMetadata entry = manifest.find(id).orElseThrow();
            snapshotBytes.add(backup.store().head(backup.snapshotKey(id)).orElseThrow().size());
            doomedSsts.addAll(entry.ssts());
            removed.add(backup.snapshotKey(id));
        }
        doomedSsts.removeAll(kept.ssts());
        assertTrue(!doomedSsts.isEmpty(), "the cluster wrote new SSTs between the backups, so pruning frees some");
        SstStore ssts = new SstStore(backup);
        SstIndex index = ssts.readIndex();
        long sstBytes = 0;
        for (long id : doomedSsts) {
            sstBytes += index.ssts().get(id).size();
            removed.add(ssts.sstKey(id));
        }
        Set<String> keysAfter = new TreeSet<>(keys(cluster));
        keysAfter.removeAll(removed);
        return new Expected(List.of(1L, 2L), snapshotBytes, doomedSsts.size(), sstBytes, 2, orphanBytes, keysAfter);
    }

    private static Set<String> keys(TestCluster cluster) {
        Set<String> keys = new TreeSet<>();
        cluster.backupStorage().store().list(PREFIX).stream().map(StoredObject::key).forEach(keys::add);
        return keys;
    }

    private JobExecution prune(TestCluster cluster, ObjectStores stores, ProgressSink sink) throws Exception {
        try (var context = MetasnapContext.create(cluster.runtime(home, stores, EtcdGateways.real(), BackupSettings.defaults(), sink))) {
            return context.getBean(JobOperator.class).start(context.getBean(PruneJobConfiguration.JOB_NAME, Job.class),
                    PruneJobConfiguration.parameters(cluster.backupLocation, KEEP_NEWEST));
        }
    }

    private JobExecution restart(TestCluster cluster, long executionId, ProgressSink sink) throws Exception {
        try (var context = MetasnapContext.create(cluster.runtime(home, ObjectStores.real(), EtcdGateways.real(), BackupSettings.defaults(), sink))) {
            return context.getBean(JobOperator.class).restart(context.getBean(JobRepository.class).getJobExecution(executionId));
        }
    }

    /** The prune did exactly what the plan said: snapshot 3 stays, everything else it planned is gone, nothing more. */
    private static void assertPruned(TestCluster cluster, Expected expected) {
        assertEquals(List.of(3L), cluster.backupStorage().readManifest().ids());
        assertEquals(expected.keysAfter(), keys(cluster));
    }

    private static void assertLast(Report expected, List<Report> reports) {
        assertEquals(expected, reports.get(reports.size() - 1), () -> "last of " + reports);
    }

    @Test
    void aPruneReportsEachDeletingStepAgainstItsTotal(EtcdProcess etcd) throws Exception {
        try (TestCluster cluster = cluster(etcd)) {
            Expected expected = threeSnapshotsAndTwoOrphans(cluster);
            RecordingSink sink = new RecordingSink();
            JobAssertions.assertStatus(BatchStatus.COMPLETED, prune(cluster, ObjectStores.real(), sink));
            assertPruned(cluster, expected);

            assertEquals(List.of(SnapshotObjectDeleter.STAGE, SstRetention.STAGE, SweepOrphansTasklet.STAGE), sink.stages(), sink.reports.toString());
            long first = expected.snapshotBytes().get(0);
            long both = first + expected.snapshotBytes().get(1);
            assertEquals(List.of(new Report(true, SnapshotObjectDeleter.STAGE, 0, 2, 0), new Report(false, SnapshotObjectDeleter.STAGE, 1, 2, first),
                    new Report(false, SnapshotObjectDeleter.STAGE, 2, 2, both)), sink.of(SnapshotObjectDeleter.STAGE),
                    "each snapshot's object bytes as the plan recorded them in the manifest");

            List<Report> ssts = sink.of(SstRetention.STAGE);
            assertEquals(new Report(true, SstRetention.STAGE, 0, expected.ssts(), 0), ssts.get(0));
            assertEquals(expected.ssts() + 1, ssts.size(), "one report per SST deleted: " + ssts);
            assertLast(new Report(false, SstRetention.STAGE, expected.ssts(), expected.ssts(), expected.sstBytes()), ssts);
            for (int i = 1; i < ssts.size(); i++) {
                assertEquals(i, ssts.get(i).items());
                assertTrue(ssts.get(i).bytes() > ssts.get(i - 1).bytes(), "bytes grow with every SST: " + ssts);
            }

            List<Report> sweep = sink.of(SweepOrphansTasklet.STAGE);
            assertEquals(new Report(true, SweepOrphansTasklet.STAGE, 0, expected.orphans(), 0), sweep.get(0));
            assertLast(new Report(false, SweepOrphansTasklet.STAGE, expected.orphans(), expected.orphans(), expected.orphanBytes()), sweep);
        }
    }

    @Test
    void aRestartedPruneReportsFromWhereTheCommittedDeletionsLeftOff(EtcdProcess etcd) throws Exception {
        try (TestCluster cluster = cluster(etcd)) {
            Expected expected = threeSnapshotsAndTwoOrphans(cluster);
            AtomicBoolean failed = new AtomicBoolean();
            // the second snapshot object's delete fails once: the first one's chunk is committed
            ObjectStores failingSecondDelete = url -> new ForwardingObjectStore(ObjectStores.real().open(url)) {
                @Override
                public void delete(String key) {
                    if (key.endsWith("/2.snapshot") && failed.compareAndSet(false, true)) {
                        throw new ObjectStoreException("injected failure deleting " + key);
                    }
                    super.delete(key);
                }
            };
            RecordingSink firstSink = new RecordingSink();
            JobExecution first = prune(cluster, failingSecondDelete, firstSink);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            long firstBytes = expected.snapshotBytes().get(0);
            assertLast(new Report(false, SnapshotObjectDeleter.STAGE, 1, 2, firstBytes), firstSink.reports);

            RecordingSink restartSink = new RecordingSink();
            JobAssertions.assertStatus(BatchStatus.COMPLETED, restart(cluster, first.getId(), restartSink));
            assertEquals(List.of(new Report(true, SnapshotObjectDeleter.STAGE, 1, 2, firstBytes),
                    new Report(false, SnapshotObjectDeleter.STAGE, 2, 2, firstBytes + expected.snapshotBytes().get(1))),
                    restartSink.of(SnapshotObjectDeleter.STAGE), "the restart starts at the committed position, with its bytes");
            assertLast(new Report(false, SstRetention.STAGE, expected.ssts(), expected.ssts(), expected.sstBytes()), restartSink.of(SstRetention.STAGE));
            assertLast(new Report(false, SweepOrphansTasklet.STAGE, expected.orphans(), expected.orphans(), expected.orphanBytes()),
                    restartSink.of(SweepOrphansTasklet.STAGE));
            assertPruned(cluster, expected);
        }
    }

    @Test
    void aDisplayThatThrowsChangesNothingThePruneDoes(EtcdProcess etcd) throws Exception {
        try (TestCluster cluster = cluster(etcd)) {
            Expected expected = threeSnapshotsAndTwoOrphans(cluster);
            List<String> calls = new CopyOnWriteArrayList<>();
            ProgressSink broken = new ProgressSink() {
                @Override
                public void report(String stage, long items, long bytes) {
                    calls.add(stage);
                    throw new IllegalStateException("display gone");
                }

                @Override
                public void begin(String stage, long items, long total, long bytes) {
                    calls.add(stage);
                    throw new IllegalStateException("display gone");
                }
            };
            JobAssertions.assertStatus(BatchStatus.COMPLETED, prune(cluster, ObjectStores.real(), broken));
            assertTrue(calls.containsAll(List.of(SnapshotObjectDeleter.STAGE, SstRetention.STAGE, SweepOrphansTasklet.STAGE)), calls.toString());
            assertPruned(cluster, expected);
        }
    }
}
