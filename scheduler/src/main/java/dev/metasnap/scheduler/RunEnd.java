package dev.metasnap.scheduler;

import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/**
 * What follows the end of a scheduled run: success is recorded; a failure the {@link RetryPolicy}
 * grants a restart (and the daemon not stopping) gets a retry trigger and releases the worker at
 * once; any other end is final, for the operator to restart.
 */
final class RunEnd {

    private static final Logger log = LoggerFactory.getLogger(ClusterJobLauncher.class);

    private final RetryPolicy policy;
    private final FiringGuard guard;
    private final RunReport report;

    RunEnd(RetryPolicy policy, FiringGuard guard, RunReport report) {
        this.policy = policy;
        this.guard = guard;
        this.report = report;
    }

    /** The run ended after {@code attemptsDone} restarts; {@code started} is its System.nanoTime() at launch. */
    ClusterJobLauncher.Outcome ended(ClusterSchedule cluster, ScheduledKind kind, JobExecution execution, int attemptsDone, long started,
                                     ClusterJobLauncher.RetryScheduler retries) {
        String job = kind.jobName();
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return report.completed(cluster, job, execution, (System.nanoTime() - started) / 1e9);
        }
        Optional<RetryPolicy.Retry> next = guard.stopping() || retries == null ? Optional.empty() : policy.next(execution.getStatus(), attemptsDone);
        if (next.isPresent()) {
            int attempt = next.get().attempt();
            log.warn("{} of cluster {} failed (job execution {}): {}; restart {} of {} in {}", job, cluster.name(), execution.getId(),
                    RunReport.failure(execution), attempt, policy.attempts(), next.get().backoff());
            try {
                retries.schedule(cluster, kind, execution.getId(), attempt, next.get().backoff());
                return ClusterJobLauncher.Outcome.RETRY_SCHEDULED;
            } catch (Exception e) {
                log.error("{} of cluster {}: could not schedule restart {} of job execution {}: {}", job, cluster.name(), attempt,
                        execution.getId(), RunReport.rootMessage(e));
            }
        }
        return report.ended(cluster, job, execution);
    }
}
