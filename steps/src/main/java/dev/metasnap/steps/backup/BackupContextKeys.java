package dev.metasnap.steps.backup;

/** Keys of the backup job's ExecutionContext: what one step hands to the next, and survives a restart. */
public final class BackupContextKeys {
    public static final String SNAPSHOT_ID = "backup.snapshot-id";
    public static final String REVISION = "backup.revision";
    public static final String CLUSTER_ID = "backup.cluster-id";
    public static final String CREATED_AT = "backup.created-at";
    public static final String HUMMOCK_REVISION = "backup.hummock-revision";
    public static final String HUMMOCK_VERSION_ID = "backup.hummock-version-id";
    public static final String MAX_COMMITTED_EPOCH = "backup.max-committed-epoch";
    public static final String SAFE_EPOCH = "backup.safe-epoch";
    public static final String SEALED_REVISION = "backup.sealed-revision";
    public static final String OBJECT_BYTES = "backup.object-bytes";
    public static final String SHA256 = "backup.sha256";
    public static final String KEY_COUNT = "backup.key-count";
    public static final String KV_BLOCKS = "backup.kv-blocks";
    public static final String RAW_BYTES = "backup.raw-bytes";
    public static final String STORED_BYTES = "backup.stored-bytes";

    private BackupContextKeys() {
    }
}
