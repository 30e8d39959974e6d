package dev.metasnap.core.manifest;

import dev.metasnap.core.errors.PreconditionNotMetException;

/** Snapshot ids the manifest does not have; the message lists the ones it has. */
public final class UnknownSnapshotException extends PreconditionNotMetException {
    public UnknownSnapshotException(String message) {
        super(message);
    }
}
