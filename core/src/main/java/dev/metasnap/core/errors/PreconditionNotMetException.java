package dev.metasnap.core.errors;

/**
 * The work was refused, and doing it again will not help until an operator changes something
 * (sets a parameter, creates a bucket, empties a target, adds --force); the message says what.
 * Exit code {@link ExitCode#PRECONDITION}.
 */
public abstract class PreconditionNotMetException extends MetasnapException {
    protected PreconditionNotMetException(String message) {
        super(ExitCode.PRECONDITION, message);
    }
}
