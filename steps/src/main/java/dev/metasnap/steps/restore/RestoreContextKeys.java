package dev.metasnap.steps.restore;

/** Keys of the restore job's ExecutionContext. */
public final class RestoreContextKeys {
    public static final String SHA256 = "restore.sha256";
    public static final String KEY_COUNT = "restore.key-count";
    public static final String OBJECT_BYTES = "restore.object-bytes";
    public static final String DOWNLOADED = "restore.downloaded";

    private RestoreContextKeys() {
    }
}
