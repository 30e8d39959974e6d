package dev.metasnap.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.core.ssts.SstCopy;
import dev.metasnap.jobs.BackupOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metric names, labels, help and types the README documents, and their values. */
class JobMetricsTest {

    private static BackupOutcome backup(long keys, long bytes, Optional<SstCopy> copy) {
        return new BackupOutcome(1, keys, bytes * 2, bytes, 42, copy);
    }

    /** The value of one sample in the text exposition; fails if it is not there exactly once. */
    static double value(String scrape, String metric, String cluster, String job) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric + "{cluster=\"" + cluster + "\",job=\"" + job + "\"}") + " (\\S+)$").matcher(scrape);
        assertTrue(m.find(), metric + " of " + cluster + "/" + job + " in:\n" + scrape);
        double value = Double.parseDouble(m.group(1));
        assertFalse(m.find(), "one sample of " + metric + " per series:\n" + scrape);
        return value;
    }

    @Test
    void everySeriesHasTheDocumentedGaugesAndCountersWithTheirHelpAndType() {
        JobMetrics metrics = new JobMetrics();
        long before = System.currentTimeMillis() / 1000;
        metrics.success("prod", "backup", 12.5, backup(1234, 99_999, Optional.empty()));
        metrics.failure("prod", "prune");
        metrics.skipped("prod", "backup");
        metrics.skipped("prod", "backup");
        String scrape = metrics.render();
        for (String[] m : new String[][] {
            {"metasnap_last_success_timestamp_seconds", "gauge", "Unix time of the last successful run"},
            {"metasnap_last_duration_seconds", "gauge", "Duration of the last successful run"},
            {"metasnap_last_keys", "gauge", "Keys handled by the last successful run"},
            {"metasnap_last_bytes", "gauge", "Bytes stored by the last successful run"},
            {"metasnap_runs_total", "counter", "Runs launched by the scheduler"},
            {"metasnap_failures_total", "counter", "Runs that failed (after retries)"},
            {"metasnap_skipped_total", "counter", "Firings skipped (overlap, misfire, duplicate)"}}) {
            assertTrue(scrape.contains("# HELP " + m[0] + " " + m[2] + "\n# TYPE " + m[0] + " " + m[1] + "\n"), m[0] + ":\n" + scrape);
        }
        assertTrue(value(scrape, "metasnap_last_success_timestamp_seconds", "prod", "backup") >= before);
        assertEquals(12.5, value(scrape, "metasnap_last_duration_seconds", "prod", "backup"));
        assertEquals(1234, value(scrape, "metasnap_last_keys", "prod", "backup"));
        assertEquals(99_999, value(scrape, "metasnap_last_bytes", "prod", "backup"));
        assertEquals(1, value(scrape, "metasnap_runs_total", "prod", "backup"));
        assertEquals(0, value(scrape, "metasnap_failures_total", "prod", "backup"));
        assertEquals(2, value(scrape, "metasnap_skipped_total", "prod", "backup"));
        assertEquals(1, value(scrape, "metasnap_runs_total", "prod", "prune"), "a failure is a run too");
        assertEquals(1, value(scrape, "metasnap_failures_total", "prod", "prune"));
        assertEquals(0, value(scrape, "metasnap_last_success_timestamp_seconds", "prod", "prune"), "never succeeded");
        assertFalse(scrape.contains("metasnap_last_ssts_copied"), "no SST gauges before a backup copied SSTs:\n" + scrape);
    }

    @Test
    void theSstGaugesAppearOnceABackupCopiedSstsAndReadMinusOneWhereNoneDid() {
        JobMetrics metrics = new JobMetrics();
        metrics.success("staging", "backup", 1, backup(10, 100, Optional.empty()));
        metrics.success("prod", "backup", 1, backup(10, 100, Optional.of(new SstCopy(false, List.of(7L, 8L), 5, 5_000, 3, 3_000))));
        metrics.failure("dev", "backup");
        String scrape = metrics.render();
        assertEquals(5, value(scrape, "metasnap_last_ssts_copied", "prod", "backup"));
        assertEquals(5_000, value(scrape, "metasnap_last_sst_bytes_copied", "prod", "backup"));
        assertEquals(3_000, value(scrape, "metasnap_last_sst_bytes_shared", "prod", "backup"));
        assertEquals(2, value(scrape, "metasnap_last_ssts_missing", "prod", "backup"));
        assertEquals(-1, value(scrape, "metasnap_last_ssts_copied", "staging", "backup"), "a series from before the first copy");
        assertEquals(-1, value(scrape, "metasnap_last_ssts_copied", "dev", "backup"), "a series from after it");
        assertTrue(scrape.contains("# TYPE metasnap_last_ssts_missing gauge\n"), scrape);
    }

    @Test
    void theTextfileHoldsTheScrapeAndIsReplacedWhole(@TempDir Path dir) throws Exception {
        JobMetrics metrics = new JobMetrics();
        Path file = dir.resolve("metasnap.prom");
        metrics.failure("prod", "verify");
        metrics.writeTextfile(file);
        assertEquals(metrics.render(), Files.readString(file));
        metrics.failure("prod", "verify");
        metrics.writeTextfile(file);
        assertEquals(2, value(Files.readString(file), "metasnap_failures_total", "prod", "verify"));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left beside it");
        }
    }
}
