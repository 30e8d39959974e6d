package dev.metasnap.core.manifest;

/** A run found that the backup location's lock it took is no longer its own: it must not write on. */
public final class LockLostException extends RuntimeException {
    public LockLostException(String message) {
        super(message);
    }
}
