package dev.metasnap.steps.backup;

import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.store.CompletedPart;
import dev.metasnap.core.store.NoSuchUploadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The multipart upload of one snapshot object: its id, the part size and the parts done.
 * Restart contract: re-runs on every restart that reaches it. An object storage already holds
 * complete (the job context says so, or the upload is gone and the object has the sealed size)
 * needs nothing; otherwise the same upload is resumed, taking every part the store holds at its
 * expected size as done, so no part is sent twice; an upload of different content (the
 * snapshot was captured again) is aborted and one the store no longer knows is begun anew. The
 * upload id lives in the step's and the job's context, so any host can resume or complete it;
 * a local file also keeps it from the moment it is created, for a crash before the first commit.
 */
// not final: it is a step-scoped bean, and the scope proxies it by subclassing
public class UploadSession implements ItemStream {

    private static final Logger log = LoggerFactory.getLogger(UploadSession.class);
    static final String PARTS = "upload-session.parts";

    private final Supplier<BackupStorage> connect;
    private final ExecutionContext jobContext;
    private final Path uploadIdFile;
    private final String key;
    private final String sha256;
    private final PartLayout parts;
    private final Map<Integer, CompletedPart> done = new ConcurrentSkipListMap<>();
    private BackupStorage storage;
    private String uploadId;

    public UploadSession(Supplier<BackupStorage> connect, ExecutionContext jobContext, Path uploadIdFile, String key, String sha256,
                         long objectBytes, int partSize) {
        this.connect = connect;
        this.jobContext = jobContext;
        this.uploadIdFile = uploadIdFile;
        this.key = key;
        this.sha256 = sha256;
        this.parts = new PartLayout(objectBytes, partSize);
    }

    @Override
    public void open(ExecutionContext context) {
        storage = connect.get();
        if (sha256.equals(jobContext.getString(BackupContextKeys.UPLOADED_SHA256, ""))) {
            markAllDone();
            log.info("{} is already uploaded complete; nothing to send", key);
            return;
        }
        Optional<SavedUpload> previous = SavedUpload.find(context, jobContext, uploadIdFile);
        if (previous.isPresent() && !previous.get().carries(sha256)) {
            String oldId = previous.get().uploadId();
            log.info("aborting multipart upload {} of {}: the snapshot content changed since it began", oldId, key);
            try {
                storage.store().abortMultipartUpload(key, oldId);
            } catch (RuntimeException e) {
                log.warn("could not abort multipart upload {} of {} ({}); a prune sweeps it later", oldId, key, e.getMessage());
            }
            previous = Optional.empty();
        }
        if (previous.isPresent()) {
            uploadId = previous.get().uploadId();
            try {
                for (CompletedPart part : storage.store().listParts(key, uploadId)) {
                    if (part.partNumber() <= partCount() && part.size() == partLength(part.partNumber())) {
                        done.put(part.partNumber(), part);
                    }
                }
                log.info("resuming multipart upload {} of {}: {} of {} parts already stored", uploadId, key, done.size(), partCount());
                return;
            } catch (NoSuchUploadException e) {
                if (storage.store().head(key).filter(o -> o.size() == parts.objectBytes()).isPresent()) {
                    // an earlier attempt completed the upload and lost the answer; verification reads it back
                    log.info("multipart upload {} of {} was completed by an earlier attempt", uploadId, key);
                    jobContext.putString(BackupContextKeys.UPLOADED_SHA256, sha256);
                    markAllDone();
                    return;
                }
                log.info("multipart upload {} of {} is gone; starting a new one", uploadId, key);
            }
        }
        uploadId = storage.store().createMultipartUpload(key);
        done.clear();
        new SavedUpload(sha256, uploadId).save(jobContext, uploadIdFile);
    }

    private void markAllDone() {
        for (int i = 1; i <= partCount(); i++) {
            done.put(i, new CompletedPart(i, "", partLength(i)));
        }
    }

    @Override
    public void update(ExecutionContext context) {
        if (uploadId != null) {
            new SavedUpload(sha256, uploadId).keep(context, jobContext);
        }
        context.putInt(PARTS, done.size());
    }

    @Override
    public void close() {
        storage = null;
    }

    public int partCount() {
        return parts.count();
    }

    public long partOffset(int partNumber) {
        return parts.offset(partNumber);
    }

    public int partLength(int partNumber) {
        return parts.length(partNumber);
    }

    public boolean isDone(int partNumber) {
        return done.containsKey(partNumber);
    }

    public void record(CompletedPart part) {
        done.put(part.partNumber(), part);
    }

    public List<Integer> remainingParts() {
        List<Integer> remaining = new ArrayList<>();
        for (int i = 1; i <= partCount(); i++) {
            if (!isDone(i)) {
                remaining.add(i);
            }
        }
        return remaining;
    }

    public String uploadId() {
        return uploadId;
    }

    public String key() {
        return key;
    }

    public BackupStorage storage() {
        return storage;
    }
}
