package dev.metasnap.cli;

/** A job ended FAILED; {@link #exitCode()} tells restartable failures from refused or corrupt ones. */
public final class JobFailedException extends RuntimeException {
    private final int exitCode;

    public JobFailedException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
