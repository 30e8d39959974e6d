package dev.metasnap.core.store;

/** The store cannot be used at all: unreachable, missing bucket, or credentials refused. */
public final class StoreUnavailableException extends ObjectStoreException {

    /** Why the store cannot be used; the command line maps each to an exit code. */
    public enum Reason { UNREACHABLE, NO_SUCH_BUCKET, ACCESS_DENIED }

    private final Reason reason;

    public StoreUnavailableException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
