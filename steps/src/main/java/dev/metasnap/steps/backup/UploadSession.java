package dev.metasnap.steps.backup;

import dev.metasnap.steps.manifest.BackupStorage;
import dev.metasnap.steps.store.CompletedPart;
import dev.metasnap.steps.store.NoSuchUploadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStream;

/**
 * The multipart upload of one snapshot object: its id, the part size and the parts done.
 * Restart contract: resumes the same upload, taking every part the store already holds at its
 * expected size as done, so no part is sent twice; an upload of different content (the
 * snapshot was re-pinned) or one the store no longer knows is aborted and begun anew. The
 * upload id is also kept in a local file at once, so even a crash before the first commit
 * does not lose it.
 */
// not final: it is a step-scoped bean, and the scope proxies it by subclassing
public class UploadSession implements ItemStream {

    private static final Logger log = LoggerFactory.getLogger(UploadSession.class);
    static final String UPLOAD_ID = "upload-session.upload-id";
    static final String PARTS = "upload-session.parts";

    private final Supplier<BackupStorage> connect;
    private final Path uploadIdFile;
    private final String key;
    private final String sha256;
    private final long objectBytes;
    private final int partSize;
    private final Map<Integer, CompletedPart> done = new ConcurrentSkipListMap<>();
    private BackupStorage storage;
    private String uploadId;

    public UploadSession(Supplier<BackupStorage> connect, Path uploadIdFile, String key, String sha256, long objectBytes, int partSize) {
        if (partSize <= 0) {
            throw new IllegalArgumentException("part size must be > 0: " + partSize);
        }
        this.connect = connect;
        this.uploadIdFile = uploadIdFile;
        this.key = key;
        this.sha256 = sha256;
        this.objectBytes = objectBytes;
        this.partSize = partSize;
    }

    @Override
    public void open(ExecutionContext context) {
        storage = connect.get();
        String previous = savedUploadId(context);
        if (previous != null && !previous.startsWith(sha256 + " ")) {
            String oldId = previous.substring(previous.indexOf(' ') + 1);
            log.info("aborting multipart upload {} of {}: the snapshot content changed since it began", oldId, key);
            storage.store().abortMultipartUpload(key, oldId);
            previous = null;
        }
        if (previous != null) {
            uploadId = previous.substring(previous.indexOf(' ') + 1);
            try {
                for (CompletedPart part : storage.store().listParts(key, uploadId)) {
                    if (part.partNumber() <= partCount() && part.size() == partLength(part.partNumber())) {
                        done.put(part.partNumber(), part);
                    }
                }
                log.info("resuming multipart upload {} of {}: {} of {} parts already stored", uploadId, key, done.size(), partCount());
                return;
            } catch (NoSuchUploadException e) {
                log.info("multipart upload {} of {} is gone; starting a new one", uploadId, key);
            }
        }
        uploadId = storage.store().createMultipartUpload(key);
        BackupWorkFiles.writeAtomically(uploadIdFile, (sha256 + " " + uploadId).getBytes(StandardCharsets.UTF_8));
    }

    private String savedUploadId(ExecutionContext context) {
        if (context.containsKey(UPLOAD_ID)) {
            return context.getString(UPLOAD_ID);
        }
        if (Files.exists(uploadIdFile)) {
            try {
                return Files.readString(uploadIdFile).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + uploadIdFile + ": " + e.getMessage(), e);
            }
        }
        return null;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putString(UPLOAD_ID, sha256 + " " + uploadId);
        context.putInt(PARTS, done.size());
    }

    @Override
    public void close() {
        if (storage != null) {
            storage.store().close();
            storage = null;
        }
    }

    public int partCount() {
        return (int) Math.max(1, (objectBytes + partSize - 1) / partSize);
    }

    public long partOffset(int partNumber) {
        return (long) (partNumber - 1) * partSize;
    }

    public int partLength(int partNumber) {
        return (int) Math.min(partSize, objectBytes - partOffset(partNumber));
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
