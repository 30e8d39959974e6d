package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.store.NoSuchObjectException;
import dev.metasnap.core.verify.SnapshotScan;
import java.nio.file.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Reads the uploaded object back and checks every block checksum, the trailer totals, the key
 * count and the SHA-256 against what was sealed. A damaged object is deleted and the run forgets
 * its upload and its local work files, so that a restart captures and uploads the snapshot
 * again instead of sending the same damaged bytes. Restart contract: re-runs on every restart
 * that reaches it; read-only apart from that clean-up.
 */
public final class VerifyUploadedSnapshotTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public VerifyUploadedSnapshotTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        ExecutionContext context = run.context();
        BackupStorage storage = run.openStorage(connections);
        String key = storage.snapshotKey(run.contextLong(BackupContextKeys.SNAPSHOT_ID));
        try {
            SnapshotScan.of(storage.store().get(key)).expect(run.contextLong(BackupContextKeys.SNAPSHOT_ID), run.contextLong(BackupContextKeys.REVISION),
                    context.getLong(BackupContextKeys.KEY_COUNT), context.getString(BackupContextKeys.SHA256));
        } catch (NoSuchObjectException e) {
            context.remove(BackupContextKeys.UPLOADED_SHA256);
            SavedUpload.forget(context, BackupWorkFiles.of(run).uploadId());
            throw new IllegalStateException("uploaded snapshot " + key + " is no longer in " + storage.describe()
                    + "; restart the job ('metasnap jobs restart ID') to upload it again", e);
        } catch (SnapshotCorruptException e) {
            context.remove(BackupContextKeys.UPLOADED_SHA256);
            SavedUpload.forget(context, BackupWorkFiles.of(run).uploadId());
            context.remove(BackupContextKeys.SEALED_REVISION);
            context.remove(BackupContextKeys.EXPORTED_REVISION);
            BackupWorkFiles.of(run).delete();
            String removal;
            try {
                storage.store().delete(key);
                removal = "it was deleted";
            } catch (RuntimeException deleteFailed) {
                removal = "deleting it failed too (" + deleteFailed.getMessage() + "); the restart replaces it";
            }
            throw new SnapshotCorruptException(e.region(), "uploaded snapshot " + key + " failed verification ("
                    + e.getMessage() + "); " + removal + ": restart the job ('metasnap jobs restart ID') to capture and upload it again");
        }
        return RepeatStatus.FINISHED;
    }
}
