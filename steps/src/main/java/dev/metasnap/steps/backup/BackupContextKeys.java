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
    /** The resolved hummock version (JSON) the manifest entry records; kept here, not in a local file. */
    public static final String HUMMOCK_VERSION = "backup.hummock-version";
    /** Set once the export step completed: the revision its keys came from and the block file's length. */
    public static final String EXPORTED_REVISION = "backup.exported-revision";
    public static final String EXPORTED_BYTES = "backup.exported-bytes";
    /** The multipart upload in progress, as "{sha256} {upload id}", so any host can resume or complete it. */
    public static final String UPLOAD_ID = "backup.upload-id";
    /** The SHA-256 of the sealed object once storage holds it complete. */
    public static final String UPLOADED_SHA256 = "backup.uploaded-sha256";

    /** What copying the SSTs achieved (JSON of {@code SstCopy}), and the hummock revision it was for. */
    public static final String SST_COPY = "backup.sst-copy";
    public static final String SST_COPY_REVISION = "backup.sst-copy-revision";

    private BackupContextKeys() {
    }
}
