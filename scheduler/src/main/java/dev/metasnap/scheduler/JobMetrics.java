package dev.metasnap.scheduler;

import dev.metasnap.jobs.BackupOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per cluster and job (labels {@code cluster}, {@code job}): last success time, duration, keys,
 * bytes, the last SST copy, and counts of runs, failures and skipped firings, in a Micrometer
 * Prometheus registry whose scrape is the text the README documents. Never holds a secret.
 */
public final class JobMetrics {

    /** The values behind one cluster's and job's gauges; the registry reads them when scraped. */
    private static final class Series {
        volatile double lastSuccess;
        volatile double lastDuration;
        volatile double lastKeys;
        volatile double lastBytes;
        volatile double lastSstsCopied = -1;
        volatile double lastSstBytesCopied;
        volatile double lastSstBytesShared;
        volatile double lastSstsMissing;
        Counter runs;
        Counter failures;
        Counter skipped;
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the registry holds gauges' values weakly: the series stay referenced here
    private final Map<Tags, Series> series = new ConcurrentHashMap<>();
    /** The SST gauges appear once any backup copied SSTs (then for every series, -1 where none did). */
    private boolean sstGauges;

    /** A successful run, with what it reports: keys, bytes and, for a backup copying SSTs, the copy. */
    public synchronized void success(String cluster, String job, double durationSeconds, BackupOutcome outcome) {
        Series s = series(cluster, job);
        s.runs.increment();
        s.lastSuccess = System.currentTimeMillis() / 1000.0;
        s.lastDuration = durationSeconds;
        s.lastKeys = outcome.keyCount();
        s.lastBytes = outcome.objectBytes();
        outcome.sstCopy().ifPresent(copy -> {
            s.lastSstsCopied = copy.copied();
            s.lastSstBytesCopied = copy.bytesCopied();
            s.lastSstBytesShared = copy.bytesShared();
            s.lastSstsMissing = copy.missing().size();
            if (!sstGauges) {
                sstGauges = true;
                series.forEach(this::registerSstGauges);
            }
        });
    }

    public synchronized void failure(String cluster, String job) {
        Series s = series(cluster, job);
        s.runs.increment();
        s.failures.increment();
    }

    public synchronized void skipped(String cluster, String job) {
        series(cluster, job).skipped.increment();
    }

    /** The Prometheus text exposition (format 0.0.4) of every series. */
    public String render() {
        return registry.scrape();
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

    private Series series(String cluster, String job) {
        return series.computeIfAbsent(Tags.of("cluster", cluster, "job", job), this::register);
    }

    private Series register(Tags tags) {
        Series s = new Series();
        gauge("metasnap.last.success.timestamp.seconds", "Unix time of the last successful run", tags, s, x -> x.lastSuccess);
        gauge("metasnap.last.duration.seconds", "Duration of the last successful run", tags, s, x -> x.lastDuration);
        gauge("metasnap.last.keys", "Keys handled by the last successful run", tags, s, x -> x.lastKeys);
        gauge("metasnap.last.bytes", "Bytes stored by the last successful run", tags, s, x -> x.lastBytes);
        s.runs = counter("metasnap.runs", "Runs launched by the scheduler", tags);
        s.failures = counter("metasnap.failures", "Runs that failed (after retries)", tags);
        s.skipped = counter("metasnap.skipped", "Firings skipped (overlap, misfire, duplicate)", tags);
        if (sstGauges) {
            registerSstGauges(tags, s);
        }
        return s;
    }

    private void registerSstGauges(Tags tags, Series s) {
        gauge("metasnap.last.ssts.copied", "SSTs the last successful backup copied into backup storage (-1: it did not copy SSTs)", tags, s,
                x -> x.lastSstsCopied);
        gauge("metasnap.last.sst.bytes.copied", "Bytes of SSTs the last successful backup copied", tags, s, x -> x.lastSstBytesCopied);
        gauge("metasnap.last.sst.bytes.shared", "Bytes of its SSTs already in backup storage from earlier snapshots", tags, s, x -> x.lastSstBytesShared);
        gauge("metasnap.last.ssts.missing", "SSTs the cluster deleted before the last backup could copy them", tags, s, x -> x.lastSstsMissing);
    }

    private void gauge(String name, String help, Tags tags, Series s, ToDoubleFunction<Series> value) {
        Gauge.builder(name, s, value).description(help).tags(tags).register(registry);
    }

    private Counter counter(String name, String help, Tags tags) {
        return Counter.builder(name).description(help).tags(tags).register(registry);
    }
}
