package dev.metasnap.cli;

import dev.metasnap.steps.backup.ProgressSink;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a long step on standard error: on a terminal one line rewritten in place a few
 * times a second; elsewhere (a log, a pipe) a plain line every ten seconds, so a cron mail or
 * journal shows how far a run got without thousands of lines.
 */
final class ConsoleProgress implements ProgressSink {

    private static final long TERMINAL_INTERVAL_NANOS = 250_000_000L;
    private static final long PLAIN_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastPrinted = started;
    private boolean printed;

    private ConsoleProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** In place when standard error is a terminal, else plain periodic lines. */
    static ConsoleProgress forOutput(PrintWriter err) {
        return new ConsoleProgress(err, System.console() != null);
    }

    @Override
    public void report(String stage, long items, long bytes) {
        report(stage, items, -1, bytes);
    }

    /** With a total: "restore: 40,000 of 100,000 keys, ..., 12 s left". */
    @Override
    public void report(String stage, long items, long total, long bytes) {
        long now = System.nanoTime();
        if (now - lastPrinted < (terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS)) {
            return;
        }
        lastPrinted = now;
        double seconds = Math.max(0.001, (now - started) / 1e9);
        String unit = stage.contains("SST") ? "SSTs" : stage.startsWith("verify") ? "snapshots" : "keys";
        String line = String.format(Locale.ROOT, "%s: %s%s %s, %s, %,.0f %s/s, %s/s", stage, Sizes.count(items),
                total >= 0 ? " of " + Sizes.count(total) : "", unit, Sizes.bytes(bytes), items / seconds, unit, Sizes.bytes((long) (bytes / seconds)));
        if (total > 0 && items > 0 && items < total) {
            line += String.format(Locale.ROOT, ", %d s left", (long) ((total - items) * (seconds / items)));
        }
        if (terminal) {
            err.print("\r" + line + "   ");
            printed = true;
        } else {
            err.println(line);
        }
        err.flush();
    }

    void finish() {
        if (printed) {
            err.println();
            err.flush();
        }
    }
}
