package dev.metasnap.steps.prune;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.retention.RestartableSnapshots;
import dev.metasnap.core.retention.SnapshotRemoval;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.ssts.SstRetention;
import java.nio.file.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Removes copied SSTs that no remaining snapshot references (the last part of
 * {@link SnapshotRemoval}, see {@link SstRetention}); runs
 * after the manifest entries are gone, under the prune's lock. Restart contract: re-runs from
 * the start; what is gone is not found again, so a re-run's progress counts only what is left.
 */
public final class RemoveUnreferencedSstsTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;
    private final RestartableSnapshots restartable;
    private final ProgressSink progress;

    public RemoveUnreferencedSstsTasklet(Connections connections, Path workRoot, RestartableSnapshots restartable, ProgressSink progress) {
        this.connections = connections;
        this.workRoot = workRoot;
        this.restartable = restartable;
        this.progress = ProgressSink.guarded(progress);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        BackupStorage storage = run.openStorage(connections);
        SstRetention.Removed removed = new SnapshotRemoval(storage).removeUnreferencedSsts(restartable, progress);
        run.context().putInt(PruneContextKeys.SSTS_REMOVED, run.context().getInt(PruneContextKeys.SSTS_REMOVED, 0) + removed.count());
        return RepeatStatus.FINISHED;
    }
}
