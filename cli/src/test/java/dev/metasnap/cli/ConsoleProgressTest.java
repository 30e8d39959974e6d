package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress line of a prune's stages, on a terminal and in a log, against a clock the test moves. */
class ConsoleProgressTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MILLI = 1_000_000L;

    private final StringWriter written = new StringWriter();
    private long now;

    private ConsoleProgress progress(boolean terminal) {
        return ConsoleProgress.of(new PrintWriter(written), terminal, () -> now);
    }

    /** What was written since the last call. */
    private String taken() {
        String text = written.toString();
        written.getBuffer().setLength(0);
        return text;
    }

    @Test
    void onATerminalAStageShowsAtOnceAndItsEndAlways() {
        ConsoleProgress progress = progress(true);
        progress.begin("deleting snapshots", 0, 2, 0);
        assertEquals("\rdeleting snapshots: 0 of 2 snapshots, 0 B   ", taken(), "the stage and its total at once");

        now += SECOND;
        progress.report("deleting snapshots", 1, 2, 2048);
        assertEquals("\rdeleting snapshots: 1 of 2 snapshots, 2.0 KiB, 1 snapshots/s, 2.0 KiB/s, 1 s left   ", taken());

        now += MILLI;
        progress.report("deleting snapshots", 2, 2, 4096);
        assertEquals("\rdeleting snapshots: 2 of 2 snapshots, 4.0 KiB, 2 snapshots/s, 4.0 KiB/s" + " ".repeat(10 + 3), taken(),
                "the end of a stage is shown at once, blanking the rest of the longer line before");

        now += MILLI;
        progress.begin("deleting SSTs", 0, 40, 0);
        now += 100 * MILLI;
        progress.report("deleting SSTs", 1, 40, 100);
        assertEquals("\rdeleting SSTs: 0 of 40 SSTs, 0 B" + " ".repeat(39 + 3), taken(), "nothing more within a quarter second");

        now += SECOND;
        progress.begin("sweeping orphans", 0, 3, 0);
        assertEquals("\rsweeping orphans: 0 of 3 objects, 0 B   ", taken());
        progress.finish();
        assertEquals(System.lineSeparator(), taken(), "the last line is ended before the command's own output");
    }

    @Test
    void workThatFailsEndsTheLineSoItsErrorStartsOnItsOwn() {
        ConsoleProgress progress = progress(true);
        progress.begin("deleting snapshots", 0, 2, 0);
        taken();
        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> progress.during(() -> {
            throw new IllegalStateException("storage unavailable");
        }));
        assertEquals("storage unavailable", failure.getMessage());
        assertEquals(System.lineSeparator(), taken(), "the in-place line is ended before the error is printed");
    }

    @Test
    void aResumedStageMeasuresItsRateFromWhereItResumed() {
        ConsoleProgress progress = progress(true);
        progress.begin("deleting snapshots", 3, 7, 3072);
        taken();
        now += SECOND;
        progress.report("deleting snapshots", 5, 7, 5120);
        assertEquals("\rdeleting snapshots: 5 of 7 snapshots, 5.0 KiB, 2 snapshots/s, 2.0 KiB/s, 1 s left   ", taken(),
                "2 done in this run's second, not 5; 2 left at that rate");
    }

    @Test
    void aStageThatDoesNotBeginIsTimedFromThePreviousOnesLastReport() {
        ConsoleProgress progress = progress(true);
        now += 10 * SECOND;
        progress.report("export", 1000, 1000);
        taken();
        now += 2 * SECOND;
        progress.report("copying SSTs", 4, 8, 4096);
        assertEquals("\rcopying SSTs: 4 of 8 SSTs, 4.0 KiB, 2 SSTs/s, 2.0 KiB/s, 2 s left   ", taken(),
                "measured over the two seconds since the export's last report, not the twelve since the command started");
    }

    @Test
    void plainOutputIsALineEveryTenSecondsAndNeverRewritesInPlace() {
        ConsoleProgress progress = progress(false);
        now += SECOND;
        progress.begin("sweeping orphans", 0, 20, 0);
        now += 4 * SECOND;
        progress.report("sweeping orphans", 4, 20, 400);
        assertEquals("", taken(), "nothing within the first ten seconds");

        now += 6 * SECOND;
        progress.report("sweeping orphans", 10, 20, 1000);
        assertEquals("sweeping orphans: 10 of 20 objects, 1000 B, 1 objects/s, 100 B/s, 10 s left" + System.lineSeparator(), taken());

        now += SECOND;
        progress.report("sweeping orphans", 20, 20, 2000);
        progress.finish();
        String rest = taken();
        assertEquals("", rest, "the end of a stage waits for the period too: a log gets no burst of lines");
        assertFalse(rest.contains("\r"));
    }

    @Test
    void theUnitFollowsTheStage() {
        assertEquals("keys", ConsoleProgress.unit("export"));
        assertEquals("keys", ConsoleProgress.unit("restore"));
        assertEquals("SSTs", ConsoleProgress.unit("copying SSTs"));
        assertEquals("SSTs", ConsoleProgress.unit("deleting SSTs"));
        assertEquals("snapshots", ConsoleProgress.unit("verify"));
        assertEquals("snapshots", ConsoleProgress.unit("deleting snapshots"));
        assertEquals("objects", ConsoleProgress.unit("sweeping orphans"));
    }
}
