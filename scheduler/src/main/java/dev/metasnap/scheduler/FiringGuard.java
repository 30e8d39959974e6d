package dev.metasnap.scheduler;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Two runs of one schedule (a job for a cluster) never overlap within this daemon: a firing, retry
 * or recovery takes the schedule's turn first, and nothing takes one once the daemon is stopping.
 * Quartz's own DisallowConcurrentExecution would queue the firing instead of skipping it.
 */
final class FiringGuard {

    /** A schedule's turn, held until closed (by the thread that took it). */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** The schedule's turn, or empty while another run of it holds it. */
    Optional<Turn> tryEnter(String cluster, String job) {
        ReentrantLock lock = lock(cluster, job);
        return lock.tryLock() ? Optional.of(lock::unlock) : Optional.empty();
    }

    /** The schedule's turn once the run holding it ends, or empty if it holds it past {@code wait}. */
    Optional<Turn> enterWithin(String cluster, String job, Duration wait) throws InterruptedException {
        ReentrantLock lock = lock(cluster, job);
        return lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(lock::unlock) : Optional.empty();
    }

    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    private ReentrantLock lock(String cluster, String job) {
        return locks.computeIfAbsent(cluster + "." + job, k -> new ReentrantLock());
    }
}
