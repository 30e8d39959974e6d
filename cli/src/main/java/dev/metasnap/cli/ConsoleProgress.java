package dev.metasnap.cli;

import dev.metasnap.steps.backup.ProgressSink;
import java.io.PrintWriter;
import java.util.Locale;

/** Progress on a terminal: one line rewritten in place, at most a few times a second. */
final class ConsoleProgress implements ProgressSink {

    private final PrintWriter err;
    private final long started = System.nanoTime();
    private long lastPrinted;
    private boolean printed;

    ConsoleProgress(PrintWriter err) {
        this.err = err;
    }

    /** A sink that prints only when standard error is a terminal. */
    static ProgressSink forTerminal(PrintWriter err) {
        return System.console() != null ? new ConsoleProgress(err) : ProgressSink.none();
    }

    @Override
    public void report(String stage, long items, long bytes) {
        long now = System.nanoTime();
        if (now - lastPrinted < 250_000_000L) {
            return;
        }
        lastPrinted = now;
        double seconds = Math.max(0.001, (now - started) / 1e9);
        err.print(String.format(Locale.ROOT, "\r%s: %s keys, %s, %,.0f keys/s   ", stage, Sizes.count(items), Sizes.bytes(bytes), items / seconds));
        err.flush();
        printed = true;
    }

    void finish() {
        if (printed) {
            err.println();
        }
    }
}
