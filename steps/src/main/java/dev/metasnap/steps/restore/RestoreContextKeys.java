package dev.metasnap.steps.restore;

/** Keys of the restore job's ExecutionContext. */
public final class RestoreContextKeys {
    public static final String SHA256 = "restore.sha256";
    public static final String KEY_COUNT = "restore.key-count";
    public static final String OBJECT_BYTES = "restore.object-bytes";
    public static final String DOWNLOADED = "restore.downloaded";
    /** Set when the target was verified against the snapshot: from then on a missing marker means the restore finished. */
    public static final String TARGET_VERIFIED = "restore.target-verified";
    /** Set by the preflight of a restart that found the restore already finished; the run only cleans up. */
    public static final String FINISHED = "restore.finished";

    private RestoreContextKeys() {
    }
}
