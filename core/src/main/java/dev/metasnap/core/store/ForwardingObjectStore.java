package dev.metasnap.core.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** An {@link ObjectStore} that passes every call to another; subclasses change only what they must. */
public abstract class ForwardingObjectStore implements ObjectStore {

    private final ObjectStore delegate;

    protected ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    protected final ObjectStore delegate() {
        return delegate;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public void checkAccess() {
        delegate.checkAccess();
    }

    @Override
    public Optional<StoredObject> head(String key) {
        return delegate.head(key);
    }

    @Override
    public InputStream get(String key) {
        return delegate.get(key);
    }

    @Override
    public Optional<VersionedBytes> getVersioned(String key) {
        return delegate.getVersioned(key);
    }

    @Override
    public void put(String key, byte[] content) {
        delegate.put(key, content);
    }

    @Override
    public boolean putIfVersion(String key, byte[] content, String expectedVersion) {
        return delegate.putIfVersion(key, content, expectedVersion);
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public String createMultipartUpload(String key) {
        return delegate.createMultipartUpload(key);
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, PartContent content) {
        return delegate.uploadPart(key, uploadId, partNumber, content);
    }

    @Override
    public List<CompletedPart> listParts(String key, String uploadId) {
        return delegate.listParts(key, uploadId);
    }

    @Override
    public void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        delegate.completeMultipartUpload(key, uploadId, parts);
    }

    @Override
    public void abortMultipartUpload(String key, String uploadId) {
        delegate.abortMultipartUpload(key, uploadId);
    }

    @Override
    public java.io.InputStream getRange(String key, long offset, long length) {
        return delegate.getRange(key, offset, length);
    }

    @Override
    public void putStream(String key, PartContent content) {
        delegate.putStream(key, content);
    }

    @Override
    public boolean copyWithin(ObjectStore source, String sourceKey, String key) {
        return delegate.copyWithin(source.unwrapped(), sourceKey, key);
    }

    @Override
    public ObjectStore unwrapped() {
        return delegate.unwrapped();
    }

    @Override
    public List<PendingUpload> listMultipartUploads(String prefix) {
        return delegate.listMultipartUploads(prefix);
    }

    @Override
    public int removeTemporaryFiles(String prefix, java.time.Instant before) {
        return delegate.removeTemporaryFiles(prefix, before);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
