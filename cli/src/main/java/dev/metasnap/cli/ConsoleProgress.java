package dev.metasnap.cli;

import dev.metasnap.core.progress.ProgressSink;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of a long step on standard error: on a terminal one line rewritten in place a few
 * times a second; elsewhere (a log, a pipe) a plain line every ten seconds, so a cron mail or
 * journal shows how far a run got without thousands of lines. Rates and the time left are
 * measured per stage, since one command may run several stages of different speeds.
 */
final class ConsoleProgress implements ProgressSink {

    private static final long TERMINAL_INTERVAL_NANOS = 250_000_000L;
    private static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier clock;
    private long lastPrinted;
    private long lastReported;
    private Stage stage;
    private int shown;
    private boolean printed;

    /** Where a stage's rate is measured from: its start, or the work a restarted step found done. */
    private record Stage(String name, long since, long items, long bytes) {
    }

    private ConsoleProgress(PrintWriter err, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.lastPrinted = clock.getAsLong();
        this.lastReported = lastPrinted;
    }

    /** In place when standard error is a terminal, else plain periodic lines. */
    static ConsoleProgress forOutput(PrintWriter err) {
        return new ConsoleProgress(err, standardErrorIsTerminal(), System::nanoTime);
    }

    /**
     * Whether file descriptor 2 is a terminal. {@code System.console()} answers for standard input
     * and output, so {@code metasnap prune 2>prune.log} at a terminal would fill the log with
     * carriage returns; on Linux the descriptor's link says where it goes.
     */
    static boolean standardErrorIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** For tests: a given kind of output and clock (nanoseconds). */
    static ConsoleProgress of(PrintWriter err, boolean terminal, LongSupplier clock) {
        return new ConsoleProgress(err, terminal, clock);
    }

    @Override
    public void report(String stage, long items, long bytes) {
        report(stage, items, -1, bytes);
    }

    /** With a total: "restore: 40,000 of 100,000 keys, ..., 12 s left". */
    @Override
    public void report(String stage, long items, long total, long bytes) {
        long now = clock.getAsLong();
        if (this.stage == null || !this.stage.name().equals(stage)) {
            // a stage that did not announce itself began about when the previous one last reported (or the command started)
            this.stage = new Stage(stage, lastReported, 0, 0);
        }
        lastReported = now;
        // the end of a stage is always shown on a terminal, so its line is not left standing part-way
        boolean finished = terminal && total >= 0 && items >= total;
        if (finished || now - lastPrinted >= (terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS)) {
            print(now, items, total, bytes);
        }
    }

    @Override
    public void begin(String stage, long items, long total, long bytes) {
        long now = clock.getAsLong();
        this.stage = new Stage(stage, now, items, bytes);
        lastReported = now;
        // a terminal shows the new stage and its total at once; plain output keeps to its period
        if (terminal || now - lastPrinted >= PLAIN_INTERVAL_NANOS) {
            print(now, items, total, bytes);
        }
    }

    private void print(long now, long items, long total, long bytes) {
        lastPrinted = now;
        String unit = unit(stage.name());
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %s%s %s, %s", stage.name(), Sizes.count(items),
                total >= 0 ? " of " + Sizes.count(total) : "", unit, Sizes.bytes(bytes)));
        long itemsNow = items - stage.items();
        if (itemsNow > 0) {
            double seconds = Math.max(0.001, (now - stage.since()) / 1e9);
            line.append(String.format(Locale.ROOT, ", %,.0f %s/s, %s/s", itemsNow / seconds, unit, Sizes.bytes((long) ((bytes - stage.bytes()) / seconds))));
            if (total > 0 && items < total) {
                line.append(String.format(Locale.ROOT, ", %d s left", (long) ((total - items) * (seconds / itemsNow))));
            }
        }
        if (terminal) {
            // blank what is left of a longer line from before
            err.print("\r" + line + " ".repeat(Math.max(0, shown - line.length()) + 3));
            shown = line.length();
            printed = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    /** What a stage counts, from its name: the steps name their stages after what they work on. */
    static String unit(String stage) {
        if (stage.contains("SST")) {
            return "SSTs";
        }
        if (stage.startsWith("verify") || stage.contains("snapshot")) {
            return "snapshots";
        }
        if (stage.contains("orphan")) {
            return "objects";
        }
        return "keys";
    }

    /** Work that the progress line accompanies. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws Exception;
    }

    /** The result of {@code work}, the line ended however the work ends, so an error printed next starts on a line of its own. */
    <T> T during(Work<T> work) throws Exception {
        try {
            return work.run();
        } finally {
            finish();
        }
    }

    void finish() {
        if (printed) {
            err.println();
            err.flush();
        }
    }
}
