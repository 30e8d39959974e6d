package dev.metasnap.steps.prune;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.steps.run.SnapshotIdReader;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.retention.SnapshotRemoval;
import java.nio.file.Path;
import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Removes the planned snapshots from the manifest, before any object is deleted, so that no
 * manifest entry ever names a missing object (the first part of {@link SnapshotRemoval}).
 * Restart contract: removing absent entries changes nothing.
 */
public final class RemoveManifestEntriesTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public RemoveManifestEntriesTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        List<Long> ids = SnapshotIdReader.parse(run.context().getString(PruneContextKeys.DELETE_IDS));
        BackupStorage storage = run.openStorage(connections);
        try (var store = storage.store()) {
            BackupManifest after = new SnapshotRemoval(storage).removeEntries(ids);
            run.context().putInt(PruneContextKeys.PINNED_AFTER, after.pinnedSsts().size());
        }
        return RepeatStatus.FINISHED;
    }
}
