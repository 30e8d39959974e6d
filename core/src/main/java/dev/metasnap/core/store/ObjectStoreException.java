package dev.metasnap.core.store;

import dev.metasnap.core.errors.ExitCode;
import dev.metasnap.core.errors.MetasnapException;

/** A store operation failed; the message names the object and the location. */
public class ObjectStoreException extends MetasnapException {
    public ObjectStoreException(String message, Throwable cause) {
        super(ExitCode.INTERNAL, message, cause);
    }

    public ObjectStoreException(String message) {
        super(ExitCode.INTERNAL, message);
    }

    /** For the failures that say more than "an operation failed", such as a store that cannot be used at all. */
    protected ObjectStoreException(ExitCode exitCode, String message, Throwable cause) {
        super(exitCode, message, cause);
    }
}
