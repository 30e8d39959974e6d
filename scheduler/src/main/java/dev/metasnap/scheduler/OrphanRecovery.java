package dev.metasnap.scheduler;

import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import dev.metasnap.jobs.JobRuns;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * Another node died while running a schedule (Quartz's cluster noticed and hands its job to this
 * node): its run, left STARTED, is taken over (marked FAILED) and restarted here from where it
 * stopped. It first waits, bounded, for a run of the same schedule on this node to end, so two
 * runs of one schedule never overlap; every outcome, failure included, is logged with its cause.
 */
final class OrphanRecovery {

    /** How long a recovery waits for a run of the same schedule on this node to end. */
    static final Duration WAIT = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(ClusterJobLauncher.class);

    private final JobRuns runs;
    private final FiringGuard guard;
    private final RunReport report;

    OrphanRecovery(JobRuns runs, FiringGuard guard, RunReport report) {
        this.runs = runs;
        this.guard = guard;
        this.report = report;
    }

    ClusterJobLauncher.Outcome recover(ClusterSchedule cluster, ScheduledKind kind) {
        String job = kind.jobName();
        Optional<FiringGuard.Turn> turn;
        try {
            turn = guard.enterWithin(cluster.name(), job, WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ClusterJobLauncher.Outcome.FAILED;
        }
        if (turn.isEmpty()) {
            log.error("recovering {} of cluster {}: a run of it on this node has not ended within {}; restart the left-behind"
                    + " run by hand ('metasnap jobs list --status STARTED', then 'metasnap jobs restart ID')", job, cluster.name(), WAIT);
            return report.failed(cluster, job);
        }
        try (FiringGuard.Turn held = turn.get()) {
            return recoverExclusive(cluster, job);
        } finally {
            report.writeTextfile();
        }
    }

    private ClusterJobLauncher.Outcome recoverExclusive(ClusterSchedule cluster, String job) {
        Optional<JobExecution> orphan = runs.running(job, cluster.name());
        if (orphan.isEmpty()) {
            log.info("recovering {} of cluster {}: no run was left behind", job, cluster.name());
            return ClusterJobLauncher.Outcome.SKIPPED;
        }
        JobExecution execution = orphan.get();
        JobRuns.TakeOver takeOver = runs.takeOver(execution, JobRuns.Evidence.NODE_STOPPED_CHECKING_IN, true);
        if (takeOver instanceof JobRuns.TakeOver.OwnerAlive alive) {
            log.warn("recovering {} of cluster {}: job execution {} is still run by {} on this host; leaving it alone", job, cluster.name(),
                    execution.getId(), alive.owner());
            return ClusterJobLauncher.Outcome.SKIPPED;
        }
        log.warn("recovering {} of cluster {}: job execution {} was left by a node that died; restarting it", job, cluster.name(), execution.getId());
        long started = System.nanoTime();
        try {
            JobExecution restarted = runs.restart(runs.find(execution.getId()).orElse(execution));
            if (restarted.getStatus() == BatchStatus.COMPLETED) {
                report.succeeded(cluster, job, restarted, (System.nanoTime() - started) / 1e9);
                log.info("recovered {} of cluster {}: job execution {} completed the run of job execution {}", job, cluster.name(),
                        restarted.getId(), execution.getId());
                return ClusterJobLauncher.Outcome.COMPLETED;
            }
            log.error("recovering {} of cluster {}: job execution {} ended {}: {}; run 'metasnap jobs restart {}' after fixing the cause",
                    job, cluster.name(), restarted.getId(), restarted.getStatus(), RunReport.failure(restarted), restarted.getId());
        } catch (Exception e) {
            log.error("recovering {} of cluster {}: could not restart job execution {}: {}; run 'metasnap jobs restart {}' after fixing the cause",
                    job, cluster.name(), execution.getId(), RunReport.rootMessage(e), execution.getId());
            log.debug("recovery failure of job execution {}", execution.getId(), e);
        }
        return report.failed(cluster, job);
    }
}
