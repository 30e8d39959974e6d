package dev.metasnap.core.errors;

/**
 * The cluster is not in a state a backup can start from (no hummock checkpoint, a missing
 * system parameter): restarting will not help until an operator fixes it.
 */
public final class PreconditionFailedException extends PreconditionNotMetException {
    public PreconditionFailedException(String message) {
        super(message);
    }
}
