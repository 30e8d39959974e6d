package dev.metasnap.core.restore;

import dev.metasnap.core.errors.PreconditionNotMetException;

/** A restore precondition does not hold; nothing was written. */
public final class RestoreRefusedException extends PreconditionNotMetException {
    public RestoreRefusedException(String message) {
        super(message);
    }
}
