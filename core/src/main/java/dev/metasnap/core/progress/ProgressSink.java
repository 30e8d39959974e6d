package dev.metasnap.core.progress;

/** Where long steps report progress; the command line shows it on a terminal, elsewhere it is dropped. */
@FunctionalInterface
public interface ProgressSink {

    void report(String stage, long items, long bytes);

    /** Progress towards a known total of items, so that the time left can be estimated. */
    default void report(String stage, long items, long total, long bytes) {
        report(stage, items, bytes);
    }

    /**
     * A stage starts, or resumes a restarted step with {@code items} and {@code bytes} already
     * done by an earlier run: a display measures the rate from here, so work done before a
     * restart does not inflate it.
     */
    default void begin(String stage, long items, long total, long bytes) {
        report(stage, items, total, bytes);
    }

    static ProgressSink none() {
        return (stage, items, bytes) -> { };
    }

    /** The same sink, except that whatever it throws is logged once and dropped: a display must never fail a step. */
    static ProgressSink guarded(ProgressSink sink) {
        return sink instanceof GuardedProgressSink ? sink : new GuardedProgressSink(sink);
    }
}
