package dev.metasnap.steps.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The multipart upload of a sealed snapshot object as a run keeps it, {@code "{sha256} {upload id}"}:
 * in the job's context, so any host can resume or complete it, in the upload step's context,
 * and in the work directory's {@code upload-id} file from the moment it is created, for a crash
 * before the first commit. The SHA-256 ties the upload to the bytes it carries, so an upload of
 * other content (the snapshot was captured again) is never resumed. The one place that writes,
 * reads and forgets it.
 */
record SavedUpload(String sha256, String uploadId) {

    /** The upload step's own copy, committed with each chunk. */
    static final String STEP_KEY = "upload-session.upload-id";

    static Optional<SavedUpload> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String saved = text.strip();
        int space = saved.indexOf(' ');
        return Optional.of(new SavedUpload(space < 0 ? "" : saved.substring(0, space), saved.substring(space + 1)));
    }

    String text() {
        return sha256 + " " + uploadId;
    }

    /** Whether this upload carries the sealed object with this SHA-256. */
    boolean carries(String sealedSha256) {
        return sha256.equals(sealedSha256);
    }

    /** The upload the job's context records, if any: what completing it works on. */
    static Optional<SavedUpload> recorded(ExecutionContext job) {
        return parse(job.getString(BackupContextKeys.UPLOAD_ID, null));
    }

    /** The upload an upload step resumes: its own context's, else the job's, else the local file's. */
    static Optional<SavedUpload> find(ExecutionContext step, ExecutionContext job, Path file) {
        if (step.containsKey(STEP_KEY)) {
            return parse(step.getString(STEP_KEY));
        }
        if (job.containsKey(BackupContextKeys.UPLOAD_ID)) {
            return recorded(job);
        }
        if (Files.exists(file)) {
            try {
                return parse(Files.readString(file));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    /** Records a new upload in the job's context and the local file, before any part is sent. */
    void save(ExecutionContext job, Path file) {
        job.putString(BackupContextKeys.UPLOAD_ID, text());
        BackupWorkFiles.writeAtomically(file, text().getBytes(StandardCharsets.UTF_8));
    }

    /** Keeps the upload in the step's and the job's context, committed with the step's chunk. */
    void keep(ExecutionContext step, ExecutionContext job) {
        step.putString(STEP_KEY, text());
        job.putString(BackupContextKeys.UPLOAD_ID, text());
    }

    /** Forgets the run's upload (completed, or of an object that must be sent again). */
    static void forget(ExecutionContext job, Path file) {
        job.remove(BackupContextKeys.UPLOAD_ID);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
