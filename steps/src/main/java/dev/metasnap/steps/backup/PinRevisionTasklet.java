package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdAccessException;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyPage;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.RisingWaveBackupIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Pins the etcd revision the snapshot shows and reserves its id in the manifest. Restart
 * contract: runs on every restart; keeps the pinned revision while etcd can still serve it and
 * pins a new one once it was compacted; the snapshot id is reserved once and kept.
 */
public final class PinRevisionTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(PinRevisionTasklet.class);

    private final Connections connections;
    private final Path workRoot;

    public PinRevisionTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        ExecutionContext context = run.context();
        BackupWorkFiles.of(run).create();
        try (EtcdGateway etcd = run.openEtcd(connections)) {
            if (!context.containsKey(BackupContextKeys.SNAPSHOT_ID)) {
                BackupStorage storage = run.openStorage(connections);
                try (var store = storage.store()) {
                    // above RisingWave's own backup ids too: the location may be RisingWave's backup directory
                    long floor = RisingWaveBackupIds.storedBound(etcd.get(run.rootPrefix() + RisingWaveBackupIds.GENERATOR_KEY));
                    BackupManifest reserved = storage.update(m -> m.reserveNextId(floor));
                    context.putLong(BackupContextKeys.SNAPSHOT_ID, reserved.lastSnapshotId());
                    context.putString(BackupContextKeys.CREATED_AT, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
                }
            }
            if (context.containsKey(BackupContextKeys.REVISION) && readable(etcd, run.rootPrefix(), run.contextLong(BackupContextKeys.REVISION))) {
                return RepeatStatus.FINISHED;
            }
            pin(etcd, run);
        }
        return RepeatStatus.FINISHED;
    }

    /** Pins the current revision; also used when the hummock manifests must be re-read at a newer one. */
    static void pin(EtcdGateway etcd, JobRun run) {
        long revision = etcd.currentRevision();
        KeyPage clusterId = etcd.range(KeyRange.prefix(run.rootPrefix() + MetaKeys.CLUSTER_ID), revision, 1);
        String id = clusterId.entries().isEmpty() ? "" : new String(clusterId.entries().get(0).value(), StandardCharsets.UTF_8);
        if (run.context().containsKey(BackupContextKeys.REVISION)) {
            log.info("re-pinning snapshot {} from revision {} to {}", run.contextLong(BackupContextKeys.SNAPSHOT_ID), run.contextLong(BackupContextKeys.REVISION), revision);
        }
        run.context().putLong(BackupContextKeys.REVISION, revision);
        run.context().putString(BackupContextKeys.CLUSTER_ID, id);
    }

    private static boolean readable(EtcdGateway etcd, String rootPrefix, long revision) {
        try {
            etcd.range(KeyRange.prefix(rootPrefix), revision, 1);
            return true;
        } catch (EtcdAccessException e) {
            if (e.reason() == EtcdAccessException.Reason.COMPACTED) {
                log.warn("pinned revision {} was compacted; the snapshot is taken again at a new revision", revision);
                return false;
            }
            throw e;
        }
    }
}
