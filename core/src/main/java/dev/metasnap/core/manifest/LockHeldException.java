package dev.metasnap.core.manifest;

/** Another run holds the backup location's lock. */
public final class LockHeldException extends RuntimeException {
    public LockHeldException(String message) {
        super(message);
    }
}
