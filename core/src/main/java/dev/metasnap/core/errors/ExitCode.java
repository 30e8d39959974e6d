package dev.metasnap.core.errors;

import java.util.Arrays;

/** The process exit codes, one per kind of outcome an operator or a script acts on; the README lists them. */
public enum ExitCode {
    /** Success. */
    OK(0),
    /** An unexpected error: a bug, reported with its stack trace under -v. */
    INTERNAL(1),
    /** Bad usage or input: unknown option, malformed URL or value. */
    BAD_INPUT(2),
    /** A job failed and can be resumed with 'metasnap jobs restart ID'. */
    JOB_FAILED_RESTARTABLE(3),
    /** A precondition refused the work: params unset, missing bucket, non-empty target, --force needed. */
    PRECONDITION(4),
    /** A snapshot failed verification (checksum, counts, SHA-256). */
    VERIFICATION_FAILED(5),
    /** Another run holds the backup location's lock. */
    LOCK_HELD(6),
    /** etcd or the object store is unreachable or refused the credentials. */
    UNAVAILABLE(7),
    /** 'status --max-age': the newest good snapshot is older than the limit, or there is none (for cron and monitoring checks). */
    STALE(8);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The number the process exits with. */
    public int code() {
        return code;
    }

    /** The exit code with this number; a number metasnap never exits with is a bug of the caller. */
    public static ExitCode of(int code) {
        return Arrays.stream(values()).filter(c -> c.code == code).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("metasnap has no exit code " + code + "; use one of " + Arrays.toString(values())));
    }
}
