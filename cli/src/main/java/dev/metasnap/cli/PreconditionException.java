package dev.metasnap.cli;

import dev.metasnap.core.errors.PreconditionNotMetException;

/** The command refuses to do what was asked until the operator changes something; the message says what. */
public final class PreconditionException extends PreconditionNotMetException {
    public PreconditionException(String message) {
        super(message);
    }
}
