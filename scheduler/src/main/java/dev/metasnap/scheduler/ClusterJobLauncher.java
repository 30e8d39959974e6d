package dev.metasnap.scheduler;

import dev.metasnap.config.SchedulerSettings;
import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.jobs.JobRuns;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.context.ApplicationContext;

/**
 * Launches one scheduled run for one cluster: the scheduled fire time is an identifying job
 * parameter, so a duplicate firing finds the job instance and does not run it twice; a run of
 * the same job for the same cluster that is still going makes the firing skip; a failure is
 * restarted by the {@link RetryPolicy} through a one-shot retry trigger (no worker waits out the
 * back-off; see {@link RunEnd}). Every outcome reaches the log and the metrics ({@link RunReport}).
 */
public final class ClusterJobLauncher {

    private static final Logger log = LoggerFactory.getLogger(ClusterJobLauncher.class);
    private static final List<String> JOBS = Arrays.stream(ScheduledKind.values()).map(ScheduledKind::jobName).toList();
    /** How many of a job's newest instances a start-up searches for a missed firing's run. */
    private static final int CATCH_UP_INSTANCES = 200;

    private final ApplicationContext context;
    private final JobRuns runs;
    private final LaunchParameters parameters;
    private final FiringGuard guard = new FiringGuard();
    private final RunReport report;
    private final RunEnd end;
    private final OrphanRecovery recovery;
    private final Set<Long> askedToStop = ConcurrentHashMap.newKeySet();

    public ClusterJobLauncher(ApplicationContext context, Connections connections, SchedulerSettings settings, JobMetrics metrics, UnaryOperator<String> env) {
        this.context = context;
        this.runs = JobRuns.of(context);
        this.parameters = new LaunchParameters(connections, env);
        this.report = new RunReport(metrics, settings.metrics());
        this.end = new RunEnd(new RetryPolicy(settings.retry()), guard, report);
        this.recovery = new OrphanRecovery(runs, guard, report);
    }

    /** The outcome of one firing. */
    public enum Outcome { COMPLETED, FAILED, SKIPPED, RETRY_SCHEDULED }

    /**
     * Schedules a retry of a failed run: a one-shot trigger that fires after {@code backoff} and
     * hands {@code executionId} and {@code attempt} to {@link #retry}. It must not block.
     */
    @FunctionalInterface
    public interface RetryScheduler {
        void schedule(ClusterSchedule cluster, ScheduledKind kind, long executionId, int attempt, Duration backoff) throws Exception;
    }

    public Outcome launch(ClusterSchedule cluster, ScheduledKind kind, Instant fireTime, RetryScheduler retries) {
        String job = kind.jobName();
        if (guard.stopping()) {
            return report.skipped(cluster, job, "the daemon is stopping");
        }
        Optional<FiringGuard.Turn> turn = guard.tryEnter(cluster.name(), job);
        if (turn.isEmpty()) {
            return report.skipped(cluster, job, "the previous run is still going (firing of " + fireTime + ")");
        }
        try (FiringGuard.Turn held = turn.get()) {
            Optional<JobExecution> active = runs.running(job, cluster.name());
            if (active.isPresent()) {
                return report.skipped(cluster, job, "job execution " + active.get().getId() + " of it is still running");
            }
            long started = System.nanoTime();
            JobExecution execution = runs.start(context.getBean(job, Job.class), parameters.of(cluster, kind, fireTime));
            if (runs.abandonIfLockLost(execution)) {
                return report.skipped(cluster, job, RunReport.failure(execution) + " (job execution " + execution.getId() + " abandoned: it did nothing)");
            }
            return end.ended(cluster, kind, execution, 0, started, retries);
        } catch (JobInstanceAlreadyCompleteException | JobExecutionAlreadyRunningException e) {
            return report.skipped(cluster, job, "the firing of " + fireTime + " already ran (duplicate firing)");
        } catch (Exception e) {
            log.error("{} of cluster {} could not start: {}", job, cluster.name(), e.getMessage());
            return report.failed(cluster, job);
        } finally {
            report.writeTextfile();
        }
    }

    /**
     * A retry trigger fired: restarts job execution {@code executionId} (restart {@code attempt} of
     * the retry policy) if it is still the latest execution of its job instance and still FAILED or
     * STOPPED, under the same guards as a firing (daemon stopping, previous run still going).
     */
    public Outcome retry(ClusterSchedule cluster, ScheduledKind kind, long executionId, int attempt, RetryScheduler retries) {
        String job = kind.jobName();
        String what = "restart " + attempt + " of job execution " + executionId;
        if (guard.stopping()) {
            return report.skipped(cluster, job, what + ": the daemon is stopping; run 'metasnap jobs restart " + executionId + "'");
        }
        Optional<FiringGuard.Turn> turn = guard.tryEnter(cluster.name(), job);
        if (turn.isEmpty()) {
            return report.skipped(cluster, job, what + ": the previous run is still going; run 'metasnap jobs restart " + executionId + "' later");
        }
        try (FiringGuard.Turn held = turn.get()) {
            return retryExclusive(cluster, kind, executionId, attempt, retries);
        } finally {
            report.writeTextfile();
        }
    }

    private Outcome retryExclusive(ClusterSchedule cluster, ScheduledKind kind, long executionId, int attempt, RetryScheduler retries) {
        String job = kind.jobName();
        String what = "restart " + attempt + " of job execution " + executionId;
        Optional<JobExecution> active = runs.running(job, cluster.name());
        if (active.isPresent()) {
            return report.skipped(cluster, job, what + ": job execution " + active.get().getId() + " of it is still running; run 'metasnap jobs restart "
                    + executionId + "' later");
        }
        Optional<JobExecution> failed = runs.find(executionId);
        if (failed.isEmpty()) {
            log.warn("{} of cluster {}: {} does nothing: the job repository has no such execution", job, cluster.name(), what);
            return Outcome.SKIPPED;
        }
        Optional<JobExecution> later = runs.followedBy(failed.get());
        if (later.isPresent()) {
            log.info("{} of cluster {}: {} does nothing: job execution {} (status {}) already followed it", job, cluster.name(), what,
                    later.get().getId(), later.get().getStatus());
            return Outcome.SKIPPED;
        }
        BatchStatus status = failed.get().getStatus();
        if (status != BatchStatus.FAILED && status != BatchStatus.STOPPED) {
            log.info("{} of cluster {}: {} does nothing: it is {} now", job, cluster.name(), what, status);
            return Outcome.SKIPPED;
        }
        log.info("{} of cluster {}: {} on this node (pid {})", job, cluster.name(), what, ProcessHandle.current().pid());
        long started = System.nanoTime();
        try {
            return end.ended(cluster, kind, runs.restart(failed.get()), attempt, started, retries);
        } catch (Exception e) {
            log.error("{} of cluster {}: {} could not start: {}; run 'metasnap jobs restart {}' after fixing the cause", job, cluster.name(),
                    what, RunReport.rootMessage(e), executionId);
            return report.failed(cluster, job);
        }
    }

    /** Another node died while running this schedule: see {@link OrphanRecovery}. */
    public Outcome recover(ClusterSchedule cluster, ScheduledKind kind) {
        return recovery.recover(cluster, kind);
    }

    /**
     * Asks every running job to stop at its next chunk boundary; they end STOPPED and restartable.
     * Called again while the daemon waits for them, it asks only jobs it has not asked yet.
     */
    public void stopRunning() {
        guard.stop();
        for (String job : JOBS) {
            for (JobExecution e : runs.running(job)) {
                if (!askedToStop.add(e.getId())) {
                    continue;
                }
                try {
                    if (runs.stop(e)) {
                        log.info("asked job execution {} ({}) to stop; restart it with 'metasnap jobs restart {}'", e.getId(), job, e.getId());
                    }
                } catch (Exception ex) {
                    log.warn("could not stop job execution {}: {}", e.getId(), ex.getMessage());
                }
            }
        }
    }

    public boolean anyRunning() {
        return runs.anyRunning(JOBS);
    }

    /** Whether the job repository holds a run of this schedule for this fire time. */
    public boolean alreadyRan(ClusterSchedule cluster, ScheduledKind kind, Instant fireTime) {
        return runs.launched(kind.jobName(), cluster.name(), fireTime.toString(), CATCH_UP_INSTANCES);
    }

    /** A firing the misfire policy skipped: counted, and already logged by the caller. */
    public void recordSkip(ClusterSchedule cluster, ScheduledKind kind) {
        report.skippedLate(cluster, kind.jobName());
    }
}
