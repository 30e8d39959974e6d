package dev.metasnap.cli;

import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.core.errors.ExitCode;
import dev.metasnap.core.errors.MetasnapException;
import picocli.CommandLine;

/**
 * The one place that turns an exception into an exit code and a one-line message. Our own
 * exceptions carry their code ({@link MetasnapException}); the two bad-input exceptions from
 * below core, picocli's usage errors and config's {@link InvalidSettingException}, are named here.
 */
public final class ExitCodeMapper implements CommandLine.IExitCodeExceptionMapper {

    @Override
    public int getExitCode(Throwable exception) {
        return exitCode(exception);
    }

    public static int exitCode(Throwable exception) {
        return classify(deciding(exception)).code();
    }

    /** The message an operator reads: that of the exception that decides the exit code, its first line. */
    public static String message(Throwable exception) {
        Throwable t = deciding(exception);
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    /**
     * The first exception down the cause chain that classifies the failure; when none does, the
     * deepest cause, whose message says most about an unexpected error.
     */
    private static Throwable deciding(Throwable exception) {
        Throwable t = exception;
        while (classify(t) == ExitCode.INTERNAL && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static ExitCode classify(Throwable t) {
        if (t instanceof MetasnapException m) {
            return m.exitCode();
        }
        if (t instanceof CommandLine.ParameterException || t instanceof InvalidSettingException) {
            return ExitCode.BAD_INPUT;
        }
        return ExitCode.INTERNAL;
    }
}
