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
        long now = System.nanoTime();
        if (now - lastPrinted < (terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_NANOS)) {
            return;
        }
        lastPrinted = now;
        double seconds = Math.max(0.001, (now - started) / 1e9);
        String line = String.format(Locale.ROOT, "%s: %s keys, %s, %,.0f keys/s, %s/s", stage, Sizes.count(items), Sizes.bytes(bytes),
                items / seconds, Sizes.bytes((long) (bytes / seconds)));
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
