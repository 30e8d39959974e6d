package dev.metasnap.core.params;

/** The cluster's system params do not say where backups go. */
public final class BackupNotConfiguredException extends RuntimeException {
    public BackupNotConfiguredException(String message) {
        super(message);
    }
}
