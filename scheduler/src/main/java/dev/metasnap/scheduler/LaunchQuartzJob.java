package dev.metasnap.scheduler;

import dev.metasnap.config.SchedulerSettings;
import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import java.time.Duration;
import java.time.Instant;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job behind every schedule: applies the misfire policy to a late firing, then hands
 * the run to the {@link ClusterJobLauncher}, which skips a firing that would overlap a run still
 * going (Quartz's own DisallowConcurrentExecution would delay it instead).
 */
public final class LaunchQuartzJob implements Job {

    public static final String CLUSTER = "cluster";
    public static final String KIND = "kind";
    /** Set on a catch-up firing at start-up: the fire time that was missed while the daemon was down. */
    public static final String MISSED_FIRE_TIME = "missed-fire-time";
    private static final Logger log = LoggerFactory.getLogger(LaunchQuartzJob.class);

    private final SchedulerSettings settings;
    private final ClusterJobLauncher launcher;
    private final MisfirePolicy misfire;

    LaunchQuartzJob(SchedulerSettings settings, ClusterJobLauncher launcher) {
        this.settings = settings;
        this.launcher = launcher;
        this.misfire = new MisfirePolicy(settings.misfire());
    }

    @Override
    public void execute(JobExecutionContext context) {
        String clusterName = context.getMergedJobDataMap().getString(CLUSTER);
        ScheduledKind kind = ScheduledKind.valueOf(context.getMergedJobDataMap().getString(KIND));
        ClusterSchedule cluster = settings.clusters().stream().filter(c -> c.name().equals(clusterName)).findFirst().orElseThrow();
        if (context.isRecovering()) {
            launcher.recover(cluster, kind);
            return;
        }
        String missed = context.getMergedJobDataMap().getString(MISSED_FIRE_TIME);
        Instant scheduled = missed != null ? Instant.parse(missed) : context.getScheduledFireTime().toInstant();
        Instant now = Instant.now();
        if (!misfire.shouldRun(scheduled, now)) {
            log.warn("skipped {} of cluster {}: the firing of {} is {} late, past the {}", kind.jobName(), clusterName,
                    scheduled, Duration.between(scheduled, now).withNanos(0), misfire.describe());
            launcher.recordSkip(cluster, kind);
            return;
        }
        log.info("running {} of cluster {} for the firing of {} on this node (pid {})", kind.jobName(), clusterName, scheduled,
                ProcessHandle.current().pid());
        launcher.launch(cluster, kind, scheduled, RetryQuartzJob.scheduler(context.getScheduler()));
    }
}
