package dev.metasnap.config;

/**
 * A setting (URL, flag value, parameter) that cannot be used as given; the message names it and the fix.
 *
 * <p>Not a {@code dev.metasnap.core.errors.MetasnapException}: config sits below core (core
 * depends on it), so it cannot extend core's base, and moving the exit codes down here would
 * make the settings module the owner of the command line's outcomes. The CLI's
 * {@code ExitCodeMapper} maps this class to exit code 2 (bad input) by name, as it does
 * picocli's own usage errors.
 */
public final class InvalidSettingException extends IllegalArgumentException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
