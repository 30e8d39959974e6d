package dev.metasnap.steps.backup;

import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.manifest.BackupStorage;
import dev.metasnap.steps.store.CompletedPart;
import dev.metasnap.steps.store.NoSuchUploadException;
import dev.metasnap.steps.store.StoredObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Completes the multipart upload once the store holds every part at its expected size.
 * Restart contract: if the upload is already gone but the object is there at the expected
 * size, a previous run completed it and this does nothing (verify checks its content).
 */
public final class CompleteUploadTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;
    private final int partSize;

    public CompleteUploadTasklet(Connections connections, Path workRoot, int partSize) {
        this.connections = connections;
        this.workRoot = workRoot;
        this.partSize = partSize;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        BackupRun run = BackupRun.of(chunkContext, workRoot);
        long objectBytes = run.context().getLong(BackupContextKeys.OBJECT_BYTES);
        BackupStorage storage = run.openStorage(connections);
        String key = storage.snapshotKey(run.snapshotId());
        Path idFile = run.files().uploadId();
        try (var store = storage.store()) {
            if (!Files.exists(idFile)) {
                requireObject(storage, key, objectBytes);
                return RepeatStatus.FINISHED;
            }
            String saved = Files.readString(idFile).strip();
            String uploadId = saved.substring(saved.indexOf(' ') + 1);
            List<CompletedPart> parts;
            try {
                parts = store.listParts(key, uploadId);
            } catch (NoSuchUploadException e) {
                requireObject(storage, key, objectBytes);
                Files.deleteIfExists(idFile);
                return RepeatStatus.FINISHED;
            }
            long expectedParts = Math.max(1, (objectBytes + partSize - 1) / partSize);
            long storedBytes = parts.stream().mapToLong(CompletedPart::size).sum();
            if (parts.size() != expectedParts || storedBytes != objectBytes) {
                throw new IllegalStateException("multipart upload " + uploadId + " of " + key + " holds " + parts.size() + " of "
                        + expectedParts + " parts (" + storedBytes + " of " + objectBytes + " bytes); restart the job to upload the rest");
            }
            store.completeMultipartUpload(key, uploadId, parts);
            Files.deleteIfExists(idFile);
        }
        return RepeatStatus.FINISHED;
    }

    private static void requireObject(BackupStorage storage, String key, long objectBytes) {
        Optional<StoredObject> object = storage.store().head(key);
        if (object.isEmpty() || object.get().size() != objectBytes) {
            throw new IllegalStateException("snapshot object " + key + " is " + object.map(o -> o.size() + " bytes").orElse("missing")
                    + " (expected " + objectBytes + ") and no upload is pending; abandon this run and start a new backup");
        }
    }
}
