package dev.metasnap.core.manifest;

import dev.metasnap.core.errors.ExitCode;
import dev.metasnap.core.errors.MetasnapException;

/** A run found that the backup location's lock it took is no longer its own: it must not write on. */
public final class LockLostException extends MetasnapException {
    public LockLostException(String message) {
        super(ExitCode.INTERNAL, message);
    }
}
