package dev.metasnap.core.params;

import dev.metasnap.core.errors.PreconditionNotMetException;

/** The cluster's system params do not say where backups go. */
public final class BackupNotConfiguredException extends PreconditionNotMetException {
    public BackupNotConfiguredException(String message) {
        super(message);
    }
}
