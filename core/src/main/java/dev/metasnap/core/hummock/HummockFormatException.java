package dev.metasnap.core.hummock;

import dev.metasnap.core.errors.ExitCode;
import dev.metasnap.core.errors.MetasnapException;

/** A checkpoint or delta that does not decode. */
public final class HummockFormatException extends MetasnapException {
    public HummockFormatException(String message) {
        super(ExitCode.INTERNAL, message);
    }
}
