package dev.metasnap.core.errors;

/**
 * A failure of metasnap's own, carrying the exit code the command line ends with, so that the
 * exception that knows what went wrong also says what it means to an operator.
 *
 * <p>{@link ExitCode#INTERNAL} says "not classified": an unexpected failure, or one that wraps a
 * lower-level cause (an I/O or SDK error). The command line then reads on down the cause chain,
 * because a cause further down may still classify it, and shows the deepest cause's message.
 */
public abstract class MetasnapException extends RuntimeException {
    private final ExitCode exitCode;

    protected MetasnapException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    protected MetasnapException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public final ExitCode exitCode() {
        return exitCode;
    }
}
