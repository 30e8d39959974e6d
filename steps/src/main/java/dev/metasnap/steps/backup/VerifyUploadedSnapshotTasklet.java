package dev.metasnap.steps.backup;

import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.format.SnapshotCorruptException;
import dev.metasnap.steps.hummock.HummockCodec;
import dev.metasnap.steps.verify.SnapshotScan;
import dev.metasnap.steps.manifest.BackupStorage;
import java.nio.file.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Reads the uploaded object back and checks every block checksum, the trailer totals, the key
 * count and the SHA-256 against what was sealed. A damaged object is deleted so that a restart
 * uploads it again. Restart contract: read-only apart from that; runs again on every restart.
 */
public final class VerifyUploadedSnapshotTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    private final HummockCodec codec;

    public VerifyUploadedSnapshotTasklet(Connections connections, Path workRoot, HummockCodec codec) {
        this.connections = connections;
        this.workRoot = workRoot;
        this.codec = codec;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        BackupRun run = BackupRun.of(chunkContext, workRoot);
        BackupStorage storage = run.openStorage(connections);
        String key = storage.snapshotKey(run.snapshotId());
        String expectedSha = run.context().getString(BackupContextKeys.SHA256);
        long expectedKeys = run.context().getLong(BackupContextKeys.KEY_COUNT);
        try (var store = storage.store()) {
            SnapshotScan.of(store.get(key), codec).expect(run.snapshotId(), run.revision(), expectedKeys, expectedSha);
        } catch (SnapshotCorruptException e) {
            try (var store = storage.store()) {
                store.delete(key);
            }
            throw new SnapshotCorruptException(e.region(), "uploaded snapshot " + key + " failed verification ("
                    + e.getMessage() + "); it was deleted, restart the job to upload it again");
        }
        return RepeatStatus.FINISHED;
    }
}
