package dev.metasnap.steps.restore;

import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.etcd.EtcdGateway;
import dev.metasnap.steps.hummock.HummockStorage;
import dev.metasnap.steps.manifest.BackupStorage;
import dev.metasnap.steps.manifest.SnapshotMetadata;
import java.nio.file.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Checks everything before the first write: the snapshot, an empty target (or one holding only
 * this job instance's marker), and with integrity validation the pinned SSTs. Writes nothing.
 * Restart contract: read-only; runs again on every restart.
 */
public final class PreflightRestoreTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public PreflightRestoreTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        RestoreRun run = RestoreRun.of(chunkContext, workRoot);
        SnapshotMetadata entry;
        BackupStorage backup = run.openBackup(connections);
        try (var store = backup.store()) {
            entry = RestorePreflight.snapshot(backup, run.snapshotId());
        }
        run.context().putString(RestoreContextKeys.SHA256, entry.sha256());
        run.context().putLong(RestoreContextKeys.KEY_COUNT, entry.keyCount());
        run.context().putLong(RestoreContextKeys.OBJECT_BYTES, entry.objectBytes());
        try (EtcdGateway etcd = run.openTarget(connections)) {
            RestorePreflight.requireEmptyTarget(etcd, run.rootPrefix(), run.jobInstanceId());
        }
        if (run.flag(RestoreJobParameters.VALIDATE_INTEGRITY)) {
            HummockStorage hummock = run.openHummock(connections);
            try (var store = hummock.store()) {
                RestorePreflight.requirePinnedSsts(hummock, entry);
            }
        }
        return RepeatStatus.FINISHED;
    }
}
