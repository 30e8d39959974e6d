package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.ManifestConflictException;
import dev.metasnap.core.store.CompletedPart;
import dev.metasnap.core.store.NoSuchUploadException;
import dev.metasnap.core.store.StoredObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Completes the multipart upload once the store holds every part at its expected size, and
 * records in the job's context that storage holds the sealed object. Restart contract: re-runs
 * on every restart that reaches it; an object already recorded as uploaded, or an upload that
 * is gone while the object is there at the sealed size (a completion whose answer was lost),
 * needs nothing (verification reads the content back).
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
        JobRun run = JobRun.of(chunkContext, workRoot);
        ExecutionContext context = run.context();
        long objectBytes = context.getLong(BackupContextKeys.OBJECT_BYTES);
        String sha = context.getString(BackupContextKeys.SHA256);
        BackupStorage storage = run.openStorage(connections);
        String key = storage.snapshotKey(run.contextLong(BackupContextKeys.SNAPSHOT_ID));
        if (sha.equals(context.getString(BackupContextKeys.UPLOADED_SHA256, ""))) {
            requireObject(run, storage, key, objectBytes);
            return RepeatStatus.FINISHED;
        }
        String uploadId = SavedUpload.recorded(context).filter(u -> u.carries(sha)).map(SavedUpload::uploadId).orElseThrow(
                () -> new IllegalStateException("no multipart upload of the sealed snapshot " + run.contextLong(BackupContextKeys.SNAPSHOT_ID)
                        + " is recorded for " + key + "; restart the job ('metasnap jobs restart ID'): the upload step begins one"));
        List<CompletedPart> parts;
        try {
            parts = storage.store().listParts(key, uploadId);
        } catch (NoSuchUploadException e) {
            requireObject(run, storage, key, objectBytes);
            uploaded(run, sha);
            return RepeatStatus.FINISHED;
        }
        long expectedParts = new PartLayout(objectBytes, partSize).count();
        long storedBytes = parts.stream().mapToLong(CompletedPart::size).sum();
        if (parts.size() != expectedParts || storedBytes != objectBytes) {
            throw new IllegalStateException("multipart upload " + uploadId + " of " + key + " holds " + parts.size() + " of "
                    + expectedParts + " parts (" + storedBytes + " of " + objectBytes + " bytes); restart the job"
                    + " ('metasnap jobs restart ID'): the upload step sends the missing parts");
        }
        if (storage.readManifest().find(run.contextLong(BackupContextKeys.SNAPSHOT_ID)).isPresent()) {
            // another execution of this run committed the snapshot meanwhile: never replace a committed object
            throw new ManifestConflictException("snapshot " + run.contextLong(BackupContextKeys.SNAPSHOT_ID) + " was committed by another execution of this run while this one"
                    + " uploaded; its object is left as committed. Abandon this execution ('metasnap jobs abandon ID')");
        }
        storage.store().completeMultipartUpload(key, uploadId, parts);
        uploaded(run, sha);
        return RepeatStatus.FINISHED;
    }

    private static void uploaded(JobRun run, String sha) {
        run.context().putString(BackupContextKeys.UPLOADED_SHA256, sha);
        SavedUpload.forget(run.context(), BackupWorkFiles.of(run).uploadId());
    }

    /** Fails when the object is not there at the sealed size, forgetting the upload so that a restart sends it again. */
    private static void requireObject(JobRun run, BackupStorage storage, String key, long objectBytes) {
        Optional<StoredObject> object = storage.store().head(key);
        if (object.isEmpty() || object.get().size() != objectBytes) {
            run.context().remove(BackupContextKeys.UPLOADED_SHA256);
            SavedUpload.forget(run.context(), BackupWorkFiles.of(run).uploadId());
            throw new IllegalStateException("snapshot object " + key + " is " + object.map(o -> o.size() + " bytes").orElse("missing")
                    + " (expected " + objectBytes + ") and no upload is pending; restart the job ('metasnap jobs restart ID')"
                    + " to upload it again");
        }
    }
}
