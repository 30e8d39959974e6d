package dev.metasnap.steps.restore;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.restore.SnapshotFile;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.hummock.HummockStorage;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Writes the snapshot's hummock checkpoint and cluster id object to the target hummock storage.
 * Restart contract: whole-object puts of the same bytes; running it again changes nothing.
 */
public final class WriteHummockManifestsTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public WriteHummockManifestsTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        Map<String, byte[]> objects = SnapshotFile.hummockObjects(RestoreWorkFiles.snapshotFile(run));
        if (!objects.containsKey(HummockStorage.CHECKPOINT)) {
            throw new IllegalStateException("snapshot " + run.requestedSnapshotId() + " has no hummock checkpoint; it cannot be restored");
        }
        HummockStorage hummock = run.openHummock(connections);
        try (var store = hummock.store()) {
            objects.forEach(hummock::write);
        }
        return RepeatStatus.FINISHED;
    }
}
