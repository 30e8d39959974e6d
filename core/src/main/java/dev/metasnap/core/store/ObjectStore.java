package dev.metasnap.core.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * The one interface to object storage (S3-compatible or a local directory). Keys are full
 * object keys inside the bucket or root; callers add their directory prefix.
 */
public interface ObjectStore extends AutoCloseable {

    /** The location without secrets, for messages. */
    String describe();

    /** Fails with a clear {@link ObjectStoreException} when the bucket is missing or access is refused. */
    void checkAccess();

    Optional<StoredObject> head(String key);

    /** Streams the object; the caller closes the stream. */
    InputStream get(String key);

    /** Streams {@code length} bytes of the object from {@code offset}; the caller closes the stream. */
    InputStream getRange(String key, long offset, long length);

    /**
     * Writes a whole object from a stream, never holding it in memory; the content is opened
     * again if a retry needs it. Readers never see a partial object.
     */
    void putStream(String key, PartContent content);

    /** Reads a small object together with its version token, for compare-and-set. */
    Optional<VersionedBytes> getVersioned(String key);

    void put(String key, byte[] content);

    /**
     * Writes only when the object's current version is {@code expectedVersion}, or, when that is
     * null, only when the object does not exist. Returns false when the condition did not hold.
     */
    boolean putIfVersion(String key, byte[] content, String expectedVersion);

    /** Every object whose key starts with {@code prefix}, in key order. */
    List<StoredObject> list(String prefix);

    /** Deletes the object; deleting a missing object is not an error. */
    void delete(String key);

    String createMultipartUpload(String key);

    /** Uploads one part, streaming it, and returns its ETag. */
    String uploadPart(String key, String uploadId, int partNumber, PartContent content);

    /** The parts the store holds for an upload; throws {@link NoSuchUploadException} when it is gone. */
    List<CompletedPart> listParts(String key, String uploadId);

    void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts);

    void abortMultipartUpload(String key, String uploadId);

    /**
     * Copies {@code sourceKey} of {@code source} to {@code key} inside the server, without the
     * bytes passing through this process, when both stores are buckets of one S3 endpoint
     * reached with the same credentials. Returns false, having done nothing, when it cannot.
     */
    default boolean copyWithin(ObjectStore source, String sourceKey, String key) {
        return false;
    }

    /** The store under any wrappers, for {@link #copyWithin}. */
    default ObjectStore unwrapped() {
        return this;
    }

    /** A multipart upload that was started and neither completed nor aborted. */
    record PendingUpload(String key, String uploadId, java.time.Instant initiated) {
    }

    /** The multipart uploads in progress (or abandoned) whose key starts with {@code prefix}. */
    List<PendingUpload> listMultipartUploads(String prefix);

    /**
     * Removes what interrupted writes left directly in the directory {@code prefix} and older
     * than {@code before} (temporary files of a local directory; object stores have none).
     * Returns how many were removed.
     */
    int removeTemporaryFiles(String prefix, java.time.Instant before);

    @Override
    void close();
}
