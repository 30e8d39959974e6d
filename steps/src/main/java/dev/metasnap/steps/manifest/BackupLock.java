package dev.metasnap.steps.manifest;

import dev.metasnap.steps.format.Json;
import dev.metasnap.steps.store.VersionedBytes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One writer at a time per backup location: a lock object created with a conditional put.
 * The same job instance may take it again (a restart); an expired lock is reported, never
 * broken silently.
 */
public final class BackupLock {

    public static final Duration DEFAULT_TTL = Duration.ofHours(6);

    private final BackupStorage storage;

    public BackupLock(BackupStorage storage) {
        this.storage = storage;
    }

    public static String thisProcess() {
        return ManagementFactory.getRuntimeMXBean().getName();
    }

    public void acquire(long jobInstanceId, Duration ttl) {
        Instant now = Instant.now();
        BackupLockOwner mine = new BackupLockOwner(thisProcess(), jobInstanceId, now.toString(), now.plus(ttl).toString());
        String key = storage.key(BackupStorage.LOCK);
        if (storage.store().putIfVersion(key, Json.write(mine), null)) {
            return;
        }
        Optional<VersionedBytes> existing = storage.store().getVersioned(key);
        if (existing.isEmpty()) {
            if (storage.store().putIfVersion(key, Json.write(mine), null)) {
                return;
            }
            throw new LockHeldException("backup location " + storage.describe() + " was locked by another run just now; try again later");
        }
        BackupLockOwner holder = parse(existing.get().content());
        if (holder.jobInstanceId() == jobInstanceId) {
            if (storage.store().putIfVersion(key, Json.write(mine), existing.get().version())) {
                return;
            }
        }
        if (holder.expiredAt(now)) {
            throw new LockHeldException("backup location " + storage.describe() + " has a stale lock held by " + holder.describe()
                    + "; if that run is gone, break it with 'metasnap lock break'");
        }
        throw new LockHeldException("backup location " + storage.describe() + " is locked by " + holder.describe()
                + "; wait for that run to finish");
    }

    /** Releases the lock if this job instance holds it. */
    public void release(long jobInstanceId) {
        String key = storage.key(BackupStorage.LOCK);
        Optional<VersionedBytes> existing = storage.store().getVersioned(key);
        if (existing.isPresent() && parse(existing.get().content()).jobInstanceId() == jobInstanceId) {
            storage.store().delete(key);
        }
    }

    public Optional<BackupLockOwner> holder() {
        return storage.store().getVersioned(storage.key(BackupStorage.LOCK)).map(v -> parse(v.content()));
    }

    /** Removes the lock whoever holds it; for an operator who knows the holder is gone. */
    public Optional<BackupLockOwner> breakLock() {
        Optional<BackupLockOwner> holder = holder();
        storage.store().delete(storage.key(BackupStorage.LOCK));
        return holder;
    }

    private BackupLockOwner parse(byte[] content) {
        try {
            return Json.read(content, BackupLockOwner.class);
        } catch (IOException e) {
            return new BackupLockOwner("unreadable lock object", -1, Instant.EPOCH.toString(), Instant.EPOCH.toString());
        }
    }
}
