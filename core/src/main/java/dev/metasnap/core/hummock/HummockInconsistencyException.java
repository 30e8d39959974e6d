package dev.metasnap.core.hummock;

import dev.metasnap.core.errors.ExitCode;
import dev.metasnap.core.errors.MetasnapException;

/** The checkpoint and the deltas at the pinned revision do not form one version. */
public final class HummockInconsistencyException extends MetasnapException {
    public HummockInconsistencyException(String message) {
        super(ExitCode.INTERNAL, message);
    }
}
