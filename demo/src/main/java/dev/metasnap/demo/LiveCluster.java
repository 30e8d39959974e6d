package dev.metasnap.demo;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Keeps a generated cluster committing epochs on a background thread until stopped. */
public final class LiveCluster implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong ticks = new AtomicLong();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread thread;

    private LiveCluster(ClusterGenerator generator, Duration interval, int checkpointEvery) {
        thread = new Thread(() -> {
            while (running.get()) {
                try {
                    generator.tick(ticks.incrementAndGet(), checkpointEvery);
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    failure.set(e);
                    return;
                }
            }
        }, "metasnap-live-cluster");
        thread.setDaemon(true);
    }

    public static LiveCluster start(ClusterGenerator generator, Duration interval, int checkpointEvery) {
        LiveCluster live = new LiveCluster(generator, interval, checkpointEvery);
        live.thread.start();
        return live;
    }

    public long ticks() {
        return ticks.get();
    }

    /** Stops the writer and rethrows what made it stop early, if anything. */
    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }
}
