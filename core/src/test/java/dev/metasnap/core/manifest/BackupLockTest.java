package dev.metasnap.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.core.store.FsObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock on a real fs store: one owner at a time, named by its run; only provably ended holders are taken over. */
class BackupLockTest {

    @TempDir
    Path root;

    private BackupLock lock() {
        return new BackupLock(new BackupStorage(FsObjectStore.open(root), BackupLocation.parse("fs://" + root, "backup")));
    }

    private static BackupLockOwner owner(String runId, String host, long pid) {
        Instant now = Instant.now();
        return new BackupLockOwner(runId, "backup", host, pid, 0, "repo", 7, now.toString(), now.plus(Duration.ofHours(1)).toString());
    }

    @Test
    void aSecondRunIsRefusedAtOnceAndTheFirstMayTakeItAgain() {
        BackupLock lock = lock();
        BackupLockOwner first = BackupLockOwner.of("run-a", "backup", "repo", 1, Instant.now(), Duration.ofHours(1));
        lock.acquire(first, LockHolders.processesOnly());
        LockHeldException refused = assertThrows(LockHeldException.class,
                () -> lock.acquire(BackupLockOwner.of("run-b", "backup", "other-home", 1, Instant.now(), Duration.ofHours(1)), LockHolders.processesOnly()));
        assertTrue(refused.getMessage().contains("run-a"), refused.getMessage());
        lock.acquire(first, LockHolders.processesOnly());
        lock.release("run-b");
        assertEquals("run-a", lock.holder().orElseThrow().runId(), "only the owner removes it");
        lock.release("run-a");
        assertTrue(lock.holder().isEmpty());
    }

    @Test
    void aLockOfADeadProcessOnThisHostIsTakenOverButOneOnAnotherHostIsNot() throws Exception {
        BackupLock lock = lock();
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        lock.acquire(owner("run-dead", LockHolders.host(), dead.pid()), LockHolders.processesOnly());
        lock.acquire(owner("run-new", LockHolders.host(), ProcessHandle.current().pid()), LockHolders.processesOnly());
        assertEquals("run-new", lock.holder().orElseThrow().runId(), "took over from a process that is gone");

        lock.breakLock();
        lock.acquire(owner("run-elsewhere", "another-host.invalid", dead.pid()), LockHolders.processesOnly());
        assertThrows(LockHeldException.class, () -> lock.acquire(owner("run-new", LockHolders.host(), 1), LockHolders.processesOnly()));
    }

    @Test
    void aHolderJudgedEndedIsTakenOverAndAnyOtherIsNot() {
        BackupLock lock = lock();
        lock.acquire(owner("run-failed", "another-host.invalid", 1), LockHolders.processesOnly());
        LockHolders repositorySaysEnded = holder -> Optional.of("its job execution ended FAILED");
        lock.acquire(owner("run-next", LockHolders.host(), ProcessHandle.current().pid()), repositorySaysEnded);
        assertEquals("run-next", lock.holder().orElseThrow().runId());
        assertThrows(LockHeldException.class, () -> lock.requireAvailable(LockHolders.processesOnly()));
    }

    @Test
    void theHoldingRunRenewsOnlyAfterHalfItsTimeAndStopsWhenTheLockIsNotItsOwn() {
        BackupLock lock = lock();
        Instant start = Instant.parse("2026-11-25T00:00:00Z");
        Duration ttl = Duration.ofHours(1);
        lock.acquire(BackupLockOwner.of("run-a", "backup", "repo", 1, start, ttl), LockHolders.processesOnly());

        lock.keep("run-a", ttl, start.plus(Duration.ofMinutes(20)));
        assertEquals(start.plus(ttl).toString(), lock.holder().orElseThrow().expiresAt(), "more than half left: no write");
        lock.keep("run-a", ttl, start.plus(Duration.ofMinutes(40)));
        BackupLockOwner renewed = lock.holder().orElseThrow();
        assertEquals(start.plus(Duration.ofMinutes(100)).toString(), renewed.expiresAt());
        assertEquals(start.toString(), renewed.acquiredAt(), "the same owner, only a later expiry");
        assertEquals("run-a", renewed.runId());

        LockLostException other = assertThrows(LockLostException.class, () -> lock.keep("run-b", ttl, start.plus(Duration.ofMinutes(41))));
        assertTrue(other.getMessage().startsWith("run run-b no longer holds the lock of backup location ") && other.getMessage().contains("now held by backup"),
                other.getMessage());
        assertEquals(renewed, lock.holder().orElseThrow(), "another run's keep changes nothing");

        lock.breakLock();
        LockLostException broken = assertThrows(LockLostException.class, () -> lock.keep("run-a", ttl, start.plus(Duration.ofMinutes(42))));
        assertTrue(broken.getMessage().contains("it was removed, e.g. by 'metasnap lock break'"), broken.getMessage());
        assertTrue(lock.holder().isEmpty(), "a lost lock is not taken back by keep");
    }
}
