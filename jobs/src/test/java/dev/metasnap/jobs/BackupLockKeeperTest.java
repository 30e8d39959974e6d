package dev.metasnap.jobs;

import dev.metasnap.steps.run.JobParameterNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.manifest.BackupLock;
import dev.metasnap.core.manifest.BackupLockOwner;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.LockHolders;
import dev.metasnap.core.manifest.LockLostException;
import dev.metasnap.core.store.ForwardingObjectStore;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;

/**
 * A run keeps the backup location's lock it took: it renews it while it works, and when the lock
 * stops being its own (broken, taken by another run) it stops before writing more and commits nothing.
 */
@ExtendWith(RealServers.class)
class BackupLockKeeperTest {

    private static final ClusterShape SHAPE = new ClusterShape(4, 400, 100, 12);

    @TempDir
    Path home;

    @TempDir
    Path storage;

    private TestCluster cluster(EtcdProcess etcd) {
        return new TestCluster(etcd, HummockLocation.parse("fs://" + storage.resolve("state"), "hummock_001"),
                BackupLocation.parse("fs://" + storage.resolve("backups"), "backup"), SHAPE);
    }

    private JobExecution backup(TestCluster cluster, ObjectStores stores, BackupSettings settings, ProgressSink sink) throws Exception {
        try (var context = MetasnapContext.create(cluster.runtime(home, stores, EtcdGateways.real(), settings, sink))) {
            return context.getBean(JobOperator.class).start(context.getBean(BackupJobConfiguration.JOB_NAME, Job.class),
                    BackupJobConfiguration.parameters(cluster.etcdSettings(), cluster.backupLocation, "lock", JobParameterNames.MISSING_MARK));
        }
    }

    @Test
    void aRunWhoseLockIsTakenStopsBeforeCommittingAndItsRestartCompletes(EtcdProcess etcd) throws Exception {
        try (TestCluster cluster = cluster(etcd)) {
            BackupStorage backup = cluster.backupStorage();
            BackupLock lock = new BackupLock(backup);
            BackupLockOwner other = BackupLockOwner.of("other-run", "backup", "another-home", 99, Instant.now(), Duration.ofHours(1));
            AtomicBoolean taken = new AtomicBoolean();
            // while the run exports, an operator breaks its lock and another run takes the location
            ProgressSink takeOver = (stage, items, bytes) -> {
                if (stage.equals("export") && taken.compareAndSet(false, true)) {
                    lock.breakLock();
                    lock.acquire(other, LockHolders.processesOnly());
                }
            };
            JobExecution first = backup(cluster, ObjectStores.real(), BackupSettings.defaults().withBlockKeys(100), takeOver);
            JobAssertions.assertStatus(BatchStatus.FAILED, first);
            assertTrue(taken.get(), "the take-over happened during the export");
            Throwable cause = first.getAllFailureExceptions().get(0);
            while (cause.getCause() != null && !(cause instanceof LockLostException)) {
                cause = cause.getCause();
            }
            assertTrue(cause instanceof LockLostException && cause.getMessage().contains("now held by backup (") && cause.getMessage().contains("run other-run)"),
                    () -> String.valueOf(first.getAllFailureExceptions()));
            assertEquals(List.of(), backup.readManifest().ids(), "nothing committed without the lock");
            assertEquals("other-run", lock.holder().orElseThrow().runId(), "the other run's lock is left alone");

            lock.release("other-run");
            try (var context = MetasnapContext.create(cluster.runtime(home, ObjectStores.real(), EtcdGateways.real(), BackupSettings.defaults()))) {
                JobExecution restarted = context.getBean(JobOperator.class).restart(context.getBean(JobRepository.class).getJobExecution(first.getId()));
                JobAssertions.assertStatus(BatchStatus.COMPLETED, restarted);
            }
            assertEquals(List.of(1L), backup.readManifest().ids());
            assertTrue(lock.holder().isEmpty(), "released at the end");
        }
    }

    @Test
    void aRunLongerThanHalfTheLocksTimeToLiveRenewsIt(EtcdProcess etcd) throws Exception {
        try (TestCluster cluster = cluster(etcd)) {
            AtomicInteger renewals = new AtomicInteger();
            ObjectStores counting = url -> new ForwardingObjectStore(ObjectStores.real().open(url)) {
                @Override
                public boolean putIfVersion(String key, byte[] content, String expectedVersion) {
                    boolean written = super.putIfVersion(key, content, expectedVersion);
                    if (written && expectedVersion != null && key.endsWith("/" + BackupStorage.LOCK)) {
                        renewals.incrementAndGet();
                    }
                    return written;
                }
            };
            AtomicBoolean slowed = new AtomicBoolean();
            ProgressSink slowExport = (stage, items, bytes) -> {
                if (stage.equals("export") && slowed.compareAndSet(false, true)) {
                    sleep(2_500);
                }
            };
            JobAssertions.assertStatus(BatchStatus.COMPLETED,
                    backup(cluster, counting, BackupSettings.defaults().withLockTtl(Duration.ofSeconds(4)), slowExport));
            assertTrue(renewals.get() >= 1, "renewed after more than half of 4 s: " + renewals.get());

            renewals.set(0);
            JobAssertions.assertStatus(BatchStatus.COMPLETED, backup(cluster, counting, BackupSettings.defaults(), ProgressSink.none()));
            assertEquals(0, renewals.get(), "a run well within the time to live writes the lock once");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
