package dev.metasnap.core.manifest;

/** A manifest or snapshot written by a newer metasnap, in a format this build does not read; nothing acts on it. */
public final class UnsupportedFormatException extends RuntimeException {
    public UnsupportedFormatException(String message) {
        super(message);
    }
}
