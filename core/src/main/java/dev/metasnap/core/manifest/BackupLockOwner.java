package dev.metasnap.core.manifest;

import java.time.Instant;

/**
 * The content of the lock object: a globally unique owner. {@code runId} is random per run and
 * kept across its restarts (from any host), so only that run may take the lock again or remove
 * it; host, pid and the process start time tell whether the holding process still runs; the job
 * repository and execution tell whether its run has ended.
 */
public record BackupLockOwner(String runId, String command, String host, long pid, long processStartedAt, String jobRepository,
                              long jobExecutionId, String acquiredAt, String expiresAt) {

    public boolean expiredAt(Instant now) {
        return Instant.parse(expiresAt).isBefore(now);
    }

    /** The same owner with a new expiry: a renewal. */
    public BackupLockOwner expiringAt(Instant expiry) {
        return new BackupLockOwner(runId, command, host, pid, processStartedAt, jobRepository, jobExecutionId, acquiredAt, expiry.toString());
    }

    public boolean sameRun(BackupLockOwner other) {
        return runId != null && runId.equals(other.runId());
    }

    public String describe() {
        return command + " (pid " + pid + " on " + host + (jobExecutionId > 0 ? ", job execution " + jobExecutionId : "")
                + ", run " + runId + ") since " + acquiredAt + ", expires " + expiresAt;
    }

    /** This process as the owner of a run; {@code jobExecutionId} is -1 outside a job. */
    public static BackupLockOwner of(String runId, String command, String jobRepository, long jobExecutionId, Instant now, java.time.Duration ttl) {
        ProcessHandle me = ProcessHandle.current();
        return new BackupLockOwner(runId, command, LockHolders.host(), me.pid(), LockHolders.startedAt(me), jobRepository,
                jobExecutionId, now.toString(), now.plus(ttl).toString());
    }
}
