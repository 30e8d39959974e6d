package dev.metasnap.core.manifest;

import dev.metasnap.core.errors.PreconditionNotMetException;

/** A manifest or snapshot written by a newer metasnap, in a format this build does not read; nothing acts on it. */
public final class UnsupportedFormatException extends PreconditionNotMetException {
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
