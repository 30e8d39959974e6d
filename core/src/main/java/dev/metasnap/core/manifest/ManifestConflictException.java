package dev.metasnap.core.manifest;

/** The manifest kept changing under us, or a commit would break one of its rules. */
public final class ManifestConflictException extends RuntimeException {
    public ManifestConflictException(String message) {
        super(message);
    }
}
