package dev.metasnap.core.manifest;

/** Snapshot ids the manifest does not have; the message lists the ones it has. */
public final class UnknownSnapshotException extends RuntimeException {
    public UnknownSnapshotException(String message) {
        super(message);
    }
}
