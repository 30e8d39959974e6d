package dev.metasnap.scheduler;

import dev.metasnap.config.SchedulerSettings;
import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import dev.metasnap.jobs.BackupOutcome;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;

/**
 * Where every outcome of a firing, retry or recovery goes: a log line (under the launcher's
 * logger, as operators filter it) and the metrics, rewritten to the textfile when one is configured.
 */
final class RunReport {

    private static final Logger log = LoggerFactory.getLogger(ClusterJobLauncher.class);

    private final JobMetrics metrics;
    private final Path textfile;

    RunReport(JobMetrics metrics, SchedulerSettings.Metrics settings) {
        this.metrics = metrics;
        this.textfile = settings.textfile() == null ? null : Path.of(settings.textfile());
    }

    ClusterJobLauncher.Outcome skipped(ClusterSchedule cluster, String job, String why) {
        metrics.skipped(cluster.name(), job);
        log.warn("skipped {} of cluster {}: {}", job, cluster.name(), why);
        writeTextfile();
        return ClusterJobLauncher.Outcome.SKIPPED;
    }

    /** A firing the misfire policy skipped: counted; the caller logged why. */
    void skippedLate(ClusterSchedule cluster, String job) {
        metrics.skipped(cluster.name(), job);
        writeTextfile();
    }

    ClusterJobLauncher.Outcome completed(ClusterSchedule cluster, String job, JobExecution execution, double seconds) {
        succeeded(cluster, job, execution, seconds);
        log.info("{} of cluster {} completed in {} s (job execution {})", job, cluster.name(), String.format("%.1f", seconds), execution.getId());
        return ClusterJobLauncher.Outcome.COMPLETED;
    }

    /** A success the caller logs itself (a recovery). */
    void succeeded(ClusterSchedule cluster, String job, JobExecution execution, double seconds) {
        metrics.success(cluster.name(), job, seconds, BackupOutcome.of(execution));
    }

    /** A run that ended other than COMPLETED with no retry left: final, for the operator to restart. */
    ClusterJobLauncher.Outcome ended(ClusterSchedule cluster, String job, JobExecution execution) {
        metrics.failure(cluster.name(), job);
        log.error("{} of cluster {} ended {} (job execution {}): {}; run 'metasnap jobs restart {}' after fixing the cause",
                job, cluster.name(), execution.getStatus(), execution.getId(), failure(execution), execution.getId());
        long failedId = execution.getId();
        execution.getAllFailureExceptions().stream().findFirst().ifPresent(t -> log.debug("failure of job execution {}", failedId, t));
        return ClusterJobLauncher.Outcome.FAILED;
    }

    /** A failure the caller logged itself (the run could not start, or not be recovered). */
    ClusterJobLauncher.Outcome failed(ClusterSchedule cluster, String job) {
        metrics.failure(cluster.name(), job);
        return ClusterJobLauncher.Outcome.FAILED;
    }

    void writeTextfile() {
        if (textfile != null) {
            metrics.writeTextfile(textfile);
        }
    }

    /** The failure as an operator needs it: the root cause, not Spring Batch's wrapper ("Unable to process chunk"). */
    static String failure(JobExecution e) {
        return e.getAllFailureExceptions().stream().findFirst().map(RunReport::rootMessage)
                .orElse(String.valueOf(e.getExitStatus().getExitDescription()).lines().findFirst().orElse(""));
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root == t ? message : root.getClass().getSimpleName() + ": " + message;
    }
}
