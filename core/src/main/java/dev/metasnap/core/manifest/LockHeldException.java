package dev.metasnap.core.manifest;

import dev.metasnap.core.errors.ExitCode;
import dev.metasnap.core.errors.MetasnapException;

/** Another run holds the backup location's lock. */
public final class LockHeldException extends MetasnapException {
    public LockHeldException(String message) {
        super(ExitCode.LOCK_HELD, message);
    }
}
