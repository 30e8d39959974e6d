package dev.metasnap.scheduler;

import dev.metasnap.jobs.BackupOutcome;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.ssts.SstCopy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Per cluster and job: last success time, duration, keys, bytes, and counts of runs and
 * failures, rendered in the Prometheus text format. Never holds a secret.
 */
public final class JobMetrics {

    private static final class Series {
        double lastSuccess;
        double lastDuration;
        long lastKeys;
        long lastBytes;
        long lastSstsCopied = -1;
        long lastSstBytesCopied;
        long lastSstBytesShared;
        long lastSstsMissing;
        long runs;
        long failures;
        long skipped;
    }

    private final Map<String, Series> series = new TreeMap<>();

    private static String labels(String cluster, String job) {
        return "{cluster=\"" + cluster + "\",job=\"" + job + "\"}";
    }

    public synchronized void success(String cluster, String job, double durationSeconds, long keys, long bytes) {
        Series s = series.computeIfAbsent(labels(cluster, job), k -> new Series());
        s.runs++;
        s.lastSuccess = System.currentTimeMillis() / 1000.0;
        s.lastDuration = durationSeconds;
        s.lastKeys = keys;
        s.lastBytes = bytes;
    }

    /** A successful run, with what its job context reports (keys, bytes and, for a backup copying SSTs, the copy). */
    public synchronized void success(String cluster, String job, double durationSeconds, ExecutionContext context) {
        BackupOutcome outcome = BackupOutcome.of(context);
        success(cluster, job, durationSeconds, outcome.keyCount(), outcome.objectBytes());
        outcome.sstCopy().ifPresent(copy -> {
            Series s = series.get(labels(cluster, job));
            s.lastSstsCopied = copy.copied();
            s.lastSstBytesCopied = copy.bytesCopied();
            s.lastSstBytesShared = copy.bytesShared();
            s.lastSstsMissing = copy.missing().size();
        });
    }

    public synchronized void failure(String cluster, String job) {
        Series s = series.computeIfAbsent(labels(cluster, job), k -> new Series());
        s.runs++;
        s.failures++;
    }

    public synchronized void skipped(String cluster, String job) {
        series.computeIfAbsent(labels(cluster, job), k -> new Series()).skipped++;
    }

    public synchronized String render() {
        StringBuilder b = new StringBuilder();
        gauge(b, "metasnap_last_success_timestamp_seconds", "Unix time of the last successful run", s -> s.lastSuccess);
        gauge(b, "metasnap_last_duration_seconds", "Duration of the last successful run", s -> s.lastDuration);
        gauge(b, "metasnap_last_keys", "Keys handled by the last successful run", s -> s.lastKeys);
        gauge(b, "metasnap_last_bytes", "Bytes stored by the last successful run", s -> s.lastBytes);
        if (series.values().stream().anyMatch(s -> s.lastSstsCopied >= 0)) {
            gauge(b, "metasnap_last_ssts_copied", "SSTs the last successful backup copied into backup storage (-1: it did not copy SSTs)", s -> s.lastSstsCopied);
            gauge(b, "metasnap_last_sst_bytes_copied", "Bytes of SSTs the last successful backup copied", s -> s.lastSstBytesCopied);
            gauge(b, "metasnap_last_sst_bytes_shared", "Bytes of its SSTs already in backup storage from earlier snapshots", s -> s.lastSstBytesShared);
            gauge(b, "metasnap_last_ssts_missing", "SSTs the cluster deleted before the last backup could copy them", s -> s.lastSstsMissing);
        }
        counter(b, "metasnap_runs_total", "Runs launched by the scheduler", s -> s.runs);
        counter(b, "metasnap_failures_total", "Runs that failed (after retries)", s -> s.failures);
        counter(b, "metasnap_skipped_total", "Firings skipped (overlap, misfire, duplicate)", s -> s.skipped);
        return b.toString();
    }

    private void gauge(StringBuilder b, String name, String help, java.util.function.ToDoubleFunction<Series> value) {
        metric(b, name, help, "gauge", value);
    }

    private void counter(StringBuilder b, String name, String help, java.util.function.ToDoubleFunction<Series> value) {
        metric(b, name, help, "counter", value);
    }

    private void metric(StringBuilder b, String name, String help, String type, java.util.function.ToDoubleFunction<Series> value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        series.forEach((labels, s) -> b.append(name).append(labels).append(' ')
                .append(String.format(Locale.ROOT, "%.3f", value.applyAsDouble(s))).append('\n'));
    }

    /** Writes the metrics for node_exporter's textfile collector, atomically. */
    public void writeTextfile(Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(temp, render(), StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics textfile " + file + ": " + e.getMessage(), e);
        }
    }
}
