package dev.metasnap.core.manifest;

import dev.metasnap.core.format.Json;
import dev.metasnap.core.store.VersionedBytes;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer at a time per backup location: a lock object created only if absent (a
 * conditional put: {@code If-None-Match: *} on S3, an exclusive create on fs) naming a globally
 * unique owner. Only the owning run takes it again (a restart) or removes it; anyone else takes
 * it over only when its holder has provably ended ({@link LockHolders}), with a compare-and-set
 * on the version it read and a log line naming the old owner. An expired lock whose holder
 * cannot be proven gone is reported, never broken silently.
 */
public final class BackupLock {

    public static final Duration DEFAULT_TTL = Duration.ofHours(6);
    private static final Logger log = LoggerFactory.getLogger(BackupLock.class);
    private static final int RELEASE_ATTEMPTS = 4;

    private final BackupStorage storage;

    public BackupLock(BackupStorage storage) {
        this.storage = storage;
    }

    private String key() {
        return storage.key(BackupStorage.LOCK);
    }

    /** Takes the lock for {@code mine}, or fails at once with {@link LockHeldException} naming the holder. */
    public void acquire(BackupLockOwner mine, LockHolders holders) {
        byte[] content = Json.write(mine);
        if (storage.store().putIfVersion(key(), content, null)) {
            return;
        }
        Optional<VersionedBytes> existing = storage.store().getVersioned(key());
        if (existing.isEmpty()) {
            if (storage.store().putIfVersion(key(), content, null)) {
                return;
            }
            throw new LockHeldException("backup location " + storage.describe() + " was locked by another run just now; try again when it is done");
        }
        BackupLockOwner holder = parse(existing.get().content());
        Optional<String> ended = holder.sameRun(mine) ? Optional.empty() : holders.ended(holder);
        if (holder.sameRun(mine) || ended.isPresent()) {
            if (storage.store().putIfVersion(key(), content, existing.get().version())) {
                ended.ifPresent(why -> log.warn("took over the lock of {} from {}: {}", storage.describe(), holder.describe(), why));
                return;
            }
            throw new LockHeldException("backup location " + storage.describe() + " was locked by another run just now; try again when it is done");
        }
        throw held(holder);
    }

    /** Fails like {@link #acquire} would for a new run, without taking the lock: for a check before a run is created. */
    public void requireAvailable(LockHolders holders) {
        Optional<BackupLockOwner> holder = holder();
        if (holder.isPresent() && holders.ended(holder.get()).isEmpty()) {
            throw held(holder.get());
        }
    }

    private LockHeldException held(BackupLockOwner holder) {
        if (holder.expiredAt(java.time.Instant.now())) {
            return new LockHeldException("backup location " + storage.describe() + " has an expired lock held by " + holder.describe()
                    + "; if that run is gone, break it with 'metasnap lock break'");
        }
        return new LockHeldException("backup location " + storage.describe() + " is locked by " + holder.describe()
                + "; wait for that run to finish (or, if it is gone, 'metasnap lock break')");
    }

    /**
     * Removes the lock if {@code runId} holds it, retrying storage errors with back-off, so a run
     * that completed does not leave its lock behind for the next one.
     */
    public void release(String runId) {
        RuntimeException last = null;
        for (int attempt = 0; attempt < RELEASE_ATTEMPTS; attempt++) {
            try {
                Optional<BackupLockOwner> holder = holder();
                if (holder.isPresent() && runId.equals(holder.get().runId())) {
                    storage.store().delete(key());
                }
                return;
            } catch (RuntimeException e) {
                last = e;
                sleep(500L << attempt);
            }
        }
        throw last;
    }

    /**
     * Confirms that run {@code runId} still holds the lock and, once less than half of {@code ttl}
     * is left, extends it to {@code now + ttl} (compare-and-set on the version read), so a long run
     * never looks expired to an operator deciding whether to break it.
     *
     * @throws LockLostException when the lock is gone or another run's: the caller must stop
     *     writing, since another run may be writing the same location now
     */
    public void keep(String runId, Duration ttl, java.time.Instant now) {
        Optional<VersionedBytes> existing = storage.store().getVersioned(key());
        Optional<BackupLockOwner> holder = existing.map(v -> parse(v.content()));
        if (holder.isEmpty() || !runId.equals(holder.get().runId())) {
            throw lost(runId, holder);
        }
        if (java.time.Instant.parse(holder.get().expiresAt()).isAfter(now.plus(ttl.dividedBy(2)))) {
            return;
        }
        if (!storage.store().putIfVersion(key(), Json.write(holder.get().expiringAt(now.plus(ttl))), existing.get().version())) {
            Optional<BackupLockOwner> changed = holder();
            if (changed.isEmpty() || !runId.equals(changed.get().runId())) {
                throw lost(runId, changed);
            }
        }
    }

    private LockLostException lost(String runId, Optional<BackupLockOwner> holder) {
        return new LockLostException("run " + runId + " no longer holds the lock of backup location " + storage.describe() + " ("
                + holder.map(h -> "now held by " + h.describe()).orElse("it was removed, e.g. by 'metasnap lock break'")
                + "); it stopped before writing more, so two runs never write one location at once; once no other run uses the"
                + " location, restart this one");
    }

    public Optional<BackupLockOwner> holder() {
        return storage.store().getVersioned(key()).map(v -> parse(v.content()));
    }

    /** Removes the lock whoever holds it; for an operator who knows the holder is gone. */
    public Optional<BackupLockOwner> breakLock() {
        Optional<BackupLockOwner> holder = holder();
        storage.store().delete(key());
        holder.ifPresent(h -> log.warn("broke the lock of {} held by {}", storage.describe(), h.describe()));
        return holder;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static BackupLockOwner parse(byte[] content) {
        try {
            return Json.read(content, BackupLockOwner.class);
        } catch (IOException e) {
            return new BackupLockOwner("unreadable", "unknown", "unknown", -1, 0, "", -1, java.time.Instant.EPOCH.toString(),
                    java.time.Instant.EPOCH.toString());
        }
    }
}
