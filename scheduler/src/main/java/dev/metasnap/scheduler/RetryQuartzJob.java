package dev.metasnap.scheduler;

import dev.metasnap.config.SchedulerSettings;
import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A retry of a failed scheduled run: a one-shot Quartz trigger in group {@value #GROUP} whose job
 * data names the cluster, the kind, the failed job execution and the attempt. Its firing hands
 * them to {@link ClusterJobLauncher#retry}. Nothing sleeps through the back-off: the worker that
 * ran the failed job is free at once. In the clustered JDBC job store the trigger is persisted, so
 * a retry survives a daemon restart or moves to another node; a late one fires at once.
 */
public final class RetryQuartzJob implements Job {

    public static final String GROUP = "metasnap-retry";
    public static final String EXECUTION_ID = "job-execution-id";
    public static final String ATTEMPT = "attempt";
    private static final Logger log = LoggerFactory.getLogger(RetryQuartzJob.class);

    private final SchedulerSettings settings;
    private final ClusterJobLauncher launcher;

    RetryQuartzJob(SchedulerSettings settings, ClusterJobLauncher launcher) {
        this.settings = settings;
        this.launcher = launcher;
    }

    /** Schedules retries on {@code scheduler}. */
    static ClusterJobLauncher.RetryScheduler scheduler(Scheduler scheduler) {
        return (cluster, kind, executionId, attempt, backoff) -> {
            String name = cluster.name() + "." + kind.jobName() + ".execution-" + executionId;
            JobDetail job = JobBuilder.newJob(RetryQuartzJob.class).withIdentity(name, GROUP)
                    .usingJobData(LaunchQuartzJob.CLUSTER, cluster.name()).usingJobData(LaunchQuartzJob.KIND, kind.name())
                    .usingJobData(EXECUTION_ID, executionId).usingJobData(ATTEMPT, attempt)
                    .requestRecovery(true).build();
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, GROUP).forJob(job)
                    .startAt(Date.from(Instant.now().plus(backoff)))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
        };
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        String clusterName = data.getString(LaunchQuartzJob.CLUSTER);
        ScheduledKind kind = ScheduledKind.valueOf(data.getString(LaunchQuartzJob.KIND));
        long executionId = data.getLong(EXECUTION_ID);
        int attempt = data.getInt(ATTEMPT);
        Optional<ClusterSchedule> cluster = settings.clusters().stream().filter(c -> c.name().equals(clusterName)).findFirst();
        if (cluster.isEmpty()) {
            log.warn("restart {} of job execution {} ({} of cluster {}) does nothing: the cluster is no longer in the config;"
                    + " run 'metasnap jobs restart {}' by hand", attempt, executionId, kind.jobName(), clusterName, executionId);
            return;
        }
        if (context.isRecovering()) {
            // the node running this retry died: recover its run as a firing's would be
            launcher.recover(cluster.get(), kind);
            return;
        }
        launcher.retry(cluster.get(), kind, executionId, attempt, scheduler(context.getScheduler()));
    }
}
