package dev.metasnap.core.manifest;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Tells whether a lock's holder has provably ended. Only proof counts: a process on another
 * host, or a run in another job repository, is never taken for gone.
 */
public interface LockHolders {

    /** Why the holder has ended, or empty when that cannot be proven from here. */
    Optional<String> ended(BackupLockOwner holder);

    /** Only the process check: a holder on this host whose process is gone (or whose pid now names another process). */
    static LockHolders processesOnly() {
        return LockHolders::processGone;
    }

    static Optional<String> processGone(BackupLockOwner holder) {
        if (holder.host() == null || !holder.host().equals(host())) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(holder.pid());
        if (process.isEmpty() || !process.get().isAlive()) {
            return Optional.of("its process " + holder.pid() + " on " + holder.host() + " is gone");
        }
        long started = startedAt(process.get());
        if (holder.processStartedAt() > 0 && started > 0 && started != holder.processStartedAt()) {
            return Optional.of("pid " + holder.pid() + " on " + holder.host() + " is now another process");
        }
        return Optional.empty();
    }

    /** True when the holder's process runs on this host (the same process, not a reused pid). */
    static boolean aliveHere(BackupLockOwner holder) {
        return holder.host() != null && holder.host().equals(host()) && processGone(holder).isEmpty();
    }

    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
    }

    static long startedAt(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }
}
