package dev.metasnap.core.store;

/** A multipart upload is no longer known to the store (completed, aborted or expired). */
public final class NoSuchUploadException extends ObjectStoreException {
    public NoSuchUploadException(String message) {
        super(message);
    }
}
