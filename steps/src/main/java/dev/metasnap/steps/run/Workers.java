package dev.metasnap.steps.run;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** The worker threads a step runs its parallel calls on (uploads, copies, etcd writes), and how it waits for one. */
public final class Workers {

    private Workers() {
    }

    /** A pool of daemon threads named {@code name}: a step that failed can never keep the process alive through them. */
    public static ExecutorService pool(int threads, String name) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The result of {@code task}, waiting at most {@code timeout}; its failure is thrown as the
     * task threw it, and past the timeout it is cancelled and {@code timedOut} thrown.
     */
    public static <T> T await(Future<T> task, Duration timeout, Supplier<? extends RuntimeException> timedOut) throws Exception {
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            task.cancel(true);
            throw timedOut.get();
        }
    }
}
