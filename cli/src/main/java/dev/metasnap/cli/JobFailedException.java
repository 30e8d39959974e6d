package dev.metasnap.cli;

import dev.metasnap.core.errors.ExitCode;
import dev.metasnap.core.errors.MetasnapException;

/** A job ended FAILED; {@link #exitCode()} tells restartable failures from refused or corrupt ones. */
public final class JobFailedException extends MetasnapException {

    /** {@code exitCode} is one of {@link ExitCodes}, as {@link JobResults} chooses it from the job's failure. */
    public JobFailedException(String message, int exitCode) {
        super(ExitCode.of(exitCode), message);
    }
}
