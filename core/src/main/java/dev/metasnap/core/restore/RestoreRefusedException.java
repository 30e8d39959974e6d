package dev.metasnap.core.restore;

/** A restore precondition does not hold; nothing was written. */
public final class RestoreRefusedException extends RuntimeException {
    public RestoreRefusedException(String message) {
        super(message);
    }
}
