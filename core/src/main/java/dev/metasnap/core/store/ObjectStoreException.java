package dev.metasnap.core.store;

/** A store operation failed; the message names the object and the location. */
public class ObjectStoreException extends RuntimeException {
    public ObjectStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public ObjectStoreException(String message) {
        super(message);
    }
}
