package dev.metasnap.steps.run;

/**
 * The names of every job's parameters, in one place because the jobs share most of them (a
 * restart reads a run's etcd and location from the same names whatever the job). None of them
 * ever holds a secret: URLs are stored redacted and passwords come from files or the environment.
 */
public final class JobParameterNames {
    public static final String ETCD_ENDPOINTS = "etcd.endpoints";
    public static final String ETCD_USERNAME = "etcd.username";
    public static final String ROOT_PREFIX = "etcd.root-prefix";
    /** Redacted: a minio:// key's secret is replaced by ***. */
    public static final String BACKUP_URL = "backup.url";
    public static final String BACKUP_DIRECTORY = "backup.directory";
    public static final String HUMMOCK_URL = "hummock.url";
    public static final String HUMMOCK_DIRECTORY = "hummock.directory";
    /** Makes every launch a new job instance. */
    public static final String REQUESTED_AT = "requested-at";

    /** Backup: a note stored with the snapshot. */
    public static final String REMARKS = "remarks";
    /**
     * Backup: copy the snapshot's SSTs into backup storage: empty for no, {@value #MISSING_MARK}
     * to record SSTs already deleted by the cluster as missing, {@value #MISSING_FAIL} to fail the
     * run then.
     */
    public static final String BACKUP_COPY_SSTS = "backup.copy-ssts";
    public static final String MISSING_MARK = "mark";
    public static final String MISSING_FAIL = "fail";

    /** Prune: the policy as {@link dev.metasnap.config.RetentionPolicy#describe()} writes it. */
    public static final String PRUNE_POLICY = "prune.policy";

    /** Verify: comma-separated snapshot ids, or "all". */
    public static final String VERIFY_SNAPSHOT_IDS = "verify.snapshot-ids";
    public static final String VERIFY_VALIDATE_INTEGRITY = "verify.validate-integrity";
    /** Verify: how copied SSTs are checked, see {@link dev.metasnap.core.verify.CopiedSstCheck#parse}. */
    public static final String VERIFY_SSTS = "verify.ssts";

    public static final String RESTORE_SNAPSHOT_ID = "restore.snapshot-id";
    public static final String RESTORE_VALIDATE_INTEGRITY = "restore.validate-integrity";
    public static final String RESTORE_REPLACE_HUMMOCK_STATE = "restore.replace-hummock-state";
    /** Restore: copy the snapshot's SSTs from backup storage into the target hummock location. */
    public static final String RESTORE_COPY_SSTS = "restore.copy-ssts";
    /** Restore: "true" when the four storage params are rewritten to the locations below. */
    public static final String RESTORE_OVERWRITE = "restore.overwrite";
    public static final String RESTORE_OVERWRITE_BACKUP_URL = "restore.overwrite-backup-url";
    public static final String RESTORE_OVERWRITE_BACKUP_DIRECTORY = "restore.overwrite-backup-directory";

    private JobParameterNames() {
    }
}
