package dev.metasnap.core.store;

import dev.metasnap.core.errors.ExitCode;

/** The store cannot be used at all: unreachable, missing bucket, or credentials refused. */
public final class StoreUnavailableException extends ObjectStoreException {

    /** Why the store cannot be used, and the exit code that follows from it. */
    public enum Reason {
        UNREACHABLE(ExitCode.UNAVAILABLE),
        /** Waiting will not make a bucket appear: an operator creates it, or fixes the URL. */
        NO_SUCH_BUCKET(ExitCode.PRECONDITION),
        ACCESS_DENIED(ExitCode.UNAVAILABLE);

        private final ExitCode exitCode;

        Reason(ExitCode exitCode) {
            this.exitCode = exitCode;
        }
    }

    private final Reason reason;

    public StoreUnavailableException(Reason reason, String message, Throwable cause) {
        super(reason.exitCode, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
