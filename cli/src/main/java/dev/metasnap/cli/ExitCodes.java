package dev.metasnap.cli;

/** The process exit codes; the README lists them. */
public final class ExitCodes {
    public static final int OK = 0;
    /** An unexpected error: a bug, reported with its stack trace under -v. */
    public static final int INTERNAL = 1;
    /** Bad usage or input: unknown option, malformed URL or value. */
    public static final int BAD_INPUT = 2;
    /** A job failed and can be resumed with 'metasnap jobs restart ID'. */
    public static final int JOB_FAILED_RESTARTABLE = 3;
    /** A precondition refused the work: params unset, missing bucket, non-empty target, --force needed. */
    public static final int PRECONDITION = 4;
    /** A snapshot failed verification (checksum, counts, SHA-256). */
    public static final int VERIFICATION_FAILED = 5;
    /** Another run holds the backup location's lock. */
    public static final int LOCK_HELD = 6;
    /** etcd or the object store is unreachable or refused the credentials. */
    public static final int UNAVAILABLE = 7;
    /** 'status --max-age': the newest good snapshot is older than the limit, or there is none (for cron and monitoring checks). */
    public static final int STALE = 8;

    private ExitCodes() {
    }
}
