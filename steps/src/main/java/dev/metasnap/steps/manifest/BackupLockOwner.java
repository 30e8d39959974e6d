package dev.metasnap.steps.manifest;

import java.time.Instant;

/** The content of the lock object: who holds it and until when. */
public record BackupLockOwner(String owner, long jobInstanceId, String acquiredAt, String expiresAt) {

    public boolean expiredAt(Instant now) {
        return Instant.parse(expiresAt).isBefore(now);
    }

    public String describe() {
        return owner + " (job instance " + jobInstanceId + ") since " + acquiredAt + ", expires " + expiresAt;
    }
}
