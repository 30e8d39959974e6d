package dev.metasnap.testkit;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reuses etcd servers across the tests of one JVM: starting one costs about a second, and a suite
 * asks for one per test. A server handed out is empty (every key deleted) and was never
 * touched in a way a wipe cannot undo (stopped, bounced, authentication set up: see
 * {@link EtcdProcess#reusable()}); such a server is closed instead of returned. Servers left
 * idle stop when the JVM exits.
 */
public final class EtcdPool {

    private static final Deque<EtcdProcess> IDLE = new ArrayDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(EtcdPool::closeIdle, "etcd-pool-shutdown"));
    }

    private EtcdPool() {
    }

    /** An empty server: an idle one wiped, or a new one. */
    public static EtcdProcess take() {
        while (true) {
            EtcdProcess idle;
            synchronized (IDLE) {
                idle = IDLE.poll();
            }
            if (idle == null) {
                return EtcdProcess.start();
            }
            try {
                idle.wipe();
                return idle;
            } catch (RuntimeException unusable) {
                idle.close();
            }
        }
    }

    /** Takes a server back after a test: kept for the next one if a wipe can make it as new, else closed. */
    public static void giveBack(EtcdProcess process) {
        if (!process.reusable()) {
            process.close();
            return;
        }
        synchronized (IDLE) {
            IDLE.push(process);
        }
    }

    private static void closeIdle() {
        synchronized (IDLE) {
            IDLE.forEach(EtcdProcess::close);
            IDLE.clear();
        }
    }
}
