package dev.metasnap.steps.restore;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.core.restore.RestoreMarker;
import dev.metasnap.core.restore.RestorePreflight;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Checks everything before the first write: the snapshot, the target prefix against the
 * snapshot's, an empty target (or one holding only this job instance's marker), and with
 * integrity validation the pinned SSTs. Writes nothing. Restart contract: read-only; runs
 * again on every restart. A restart of a run whose target was verified and whose marker is
 * gone finds the restore finished (only the last step removes the marker) and lets the run
 * go straight to its clean-up instead of calling its own result "not empty".
 */
public final class PreflightRestoreTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(PreflightRestoreTasklet.class);

    private final Connections connections;
    private final Path workRoot;

    public PreflightRestoreTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        if (run.context().containsKey(RestoreContextKeys.TARGET_VERIFIED)) {
            // checked before the manifest: a finished restore must finish even if its snapshot was pruned since
            try (EtcdGateway etcd = run.openEtcd(connections)) {
                if (RestoreMarker.read(etcd, run.rootPrefix()).isEmpty()) {
                    log.info("the restore of snapshot {} into {} was verified and its marker removed by an earlier attempt; only cleaning up",
                            run.requestedSnapshotId(), etcd.describe());
                    run.context().putString(RestoreContextKeys.FINISHED, "true");
                    return RepeatStatus.FINISHED;
                }
            }
        }
        SnapshotMetadata entry;
        BackupStorage backup = run.openStorage(connections);
        entry = RestorePreflight.snapshot(backup, run.requestedSnapshotId());
        run.context().putString(RestoreContextKeys.SHA256, entry.sha256());
        run.context().putLong(RestoreContextKeys.KEY_COUNT, entry.keyCount());
        run.context().putLong(RestoreContextKeys.OBJECT_BYTES, entry.objectBytes());
        RestorePreflight.requireSamePrefix(entry, run.rootPrefix());
        boolean ours;
        try (EtcdGateway etcd = run.openEtcd(connections)) {
            ours = RestorePreflight.requireEmptyTarget(etcd, run.rootPrefix(), run.jobInstanceId());
        }
        // once this run claimed the target, the checkpoint there may be the one it wrote itself
        RestorePreflight.requireHummockTargetOf(run.openHummock(connections), entry, ours || run.flag(JobParameterNames.RESTORE_REPLACE_HUMMOCK_STATE));
        if (run.flag(JobParameterNames.RESTORE_COPY_SSTS)) {
            RestorePreflight.requireSelfContained(entry);
        } else if (run.flag(JobParameterNames.RESTORE_VALIDATE_INTEGRITY)) {
            RestorePreflight.requirePinnedSsts(run.openHummock(connections), entry);
        }
        return RepeatStatus.FINISHED;
    }
}
