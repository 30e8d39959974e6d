package dev.metasnap.steps.backup;

/** Where long steps report progress; the command line shows it on a terminal, elsewhere it is dropped. */
@FunctionalInterface
public interface ProgressSink {

    void report(String stage, long items, long bytes);

    /** Progress towards a known total of items, so that the time left can be estimated. */
    default void report(String stage, long items, long total, long bytes) {
        report(stage, items, bytes);
    }

    static ProgressSink none() {
        return (stage, items, bytes) -> { };
    }
}
