package dev.metasnap.steps.restore;

/** Names of the restore job's parameters. None of them holds a secret: URLs are redacted. */
public final class RestoreJobParameters {
    public static final String SNAPSHOT_ID = "restore.snapshot-id";
    public static final String ETCD_ENDPOINTS = "etcd.endpoints";
    public static final String ETCD_USERNAME = "etcd.username";
    public static final String ROOT_PREFIX = "etcd.root-prefix";
    public static final String BACKUP_URL = "backup.url";
    public static final String BACKUP_DIRECTORY = "backup.directory";
    public static final String HUMMOCK_URL = "hummock.url";
    public static final String HUMMOCK_DIRECTORY = "hummock.directory";
    public static final String VALIDATE_INTEGRITY = "restore.validate-integrity";
    public static final String REPLACE_HUMMOCK_STATE = "restore.replace-hummock-state";
    /** Copy the snapshot's SSTs from backup storage into the target hummock location. */
    public static final String COPY_SSTS = "restore.copy-ssts";
    /** "true" when the four storage params are rewritten to the locations below. */
    public static final String OVERWRITE = "restore.overwrite";
    public static final String OVERWRITE_BACKUP_URL = "restore.overwrite-backup-url";
    public static final String OVERWRITE_BACKUP_DIRECTORY = "restore.overwrite-backup-directory";
    public static final String REQUESTED_AT = "requested-at";

    private RestoreJobParameters() {
    }
}
