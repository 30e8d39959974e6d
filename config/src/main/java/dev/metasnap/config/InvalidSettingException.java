package dev.metasnap.config;

/** A setting (URL, flag value, parameter) that cannot be used as given; the message names it and the fix. */
public final class InvalidSettingException extends IllegalArgumentException {
    public InvalidSettingException(String message) {
        super(message);
    }
}
