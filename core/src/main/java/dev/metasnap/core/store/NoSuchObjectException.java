package dev.metasnap.core.store;

/** The object does not exist. */
public final class NoSuchObjectException extends ObjectStoreException {
    public NoSuchObjectException(String message) {
        super(message);
    }
}
