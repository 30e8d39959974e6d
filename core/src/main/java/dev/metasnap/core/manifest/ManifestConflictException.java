package dev.metasnap.core.manifest;

import dev.metasnap.core.errors.PreconditionNotMetException;

/** The manifest kept changing under us, or a commit would break one of its rules. */
public final class ManifestConflictException extends PreconditionNotMetException {
    public ManifestConflictException(String message) {
        super(message);
    }
}
