package dev.metasnap.steps.backup;

/** Names of the backup job's parameters. None of them ever holds a secret. */
public final class BackupJobParameters {
    public static final String ETCD_ENDPOINTS = "etcd.endpoints";
    public static final String ETCD_USERNAME = "etcd.username";
    public static final String ROOT_PREFIX = "etcd.root-prefix";
    /** Redacted: a minio:// key's secret is replaced by ***. */
    public static final String BACKUP_URL = "backup.url";
    public static final String BACKUP_DIRECTORY = "backup.directory";
    public static final String REMARKS = "remarks";
    /**
     * Copy the snapshot's SSTs into backup storage: empty for no, {@value #MISSING_MARK} to record
     * SSTs already deleted by the cluster as missing, {@value #MISSING_FAIL} to fail the run then.
     */
    public static final String COPY_SSTS = "backup.copy-ssts";
    public static final String MISSING_MARK = "mark";
    public static final String MISSING_FAIL = "fail";
    /** Makes every launch a new job instance. */
    public static final String REQUESTED_AT = "requested-at";

    private BackupJobParameters() {
    }
}
