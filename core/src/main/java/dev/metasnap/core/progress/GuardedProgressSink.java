package dev.metasnap.core.progress;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** See {@link ProgressSink#guarded}. */
final class GuardedProgressSink implements ProgressSink {

    private static final Logger log = LoggerFactory.getLogger(GuardedProgressSink.class);

    private final ProgressSink sink;
    // one warning is enough: a broken display would otherwise log on every chunk
    private volatile boolean warned;

    GuardedProgressSink(ProgressSink sink) {
        this.sink = sink;
    }

    @Override
    public void report(String stage, long items, long bytes) {
        guarded(() -> sink.report(stage, items, bytes));
    }

    @Override
    public void report(String stage, long items, long total, long bytes) {
        guarded(() -> sink.report(stage, items, total, bytes));
    }

    @Override
    public void begin(String stage, long items, long total, long bytes) {
        guarded(() -> sink.begin(stage, items, total, bytes));
    }

    private void guarded(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            dropped(e);
        }
    }

    private void dropped(RuntimeException e) {
        if (!warned) {
            warned = true;
            log.warn("progress display failed ({}); the run goes on without it", e.toString());
        }
    }
}
