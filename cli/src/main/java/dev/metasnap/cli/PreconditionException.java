package dev.metasnap.cli;

/** The command refuses to do what was asked until the operator changes something; the message says what. */
public final class PreconditionException extends RuntimeException {
    public PreconditionException(String message) {
        super(message);
    }
}
