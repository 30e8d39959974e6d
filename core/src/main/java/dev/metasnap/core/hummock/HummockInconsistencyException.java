package dev.metasnap.core.hummock;

/** The checkpoint and the deltas at the pinned revision do not form one version. */
public final class HummockInconsistencyException extends RuntimeException {
    public HummockInconsistencyException(String message) {
        super(message);
    }
}
