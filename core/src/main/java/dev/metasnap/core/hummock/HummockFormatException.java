package dev.metasnap.core.hummock;

/** A checkpoint or delta that does not decode. */
public final class HummockFormatException extends RuntimeException {
    public HummockFormatException(String message) {
        super(message);
    }
}
