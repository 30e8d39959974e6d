package dev.metasnap.scheduler;

import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.SchedulerSettings;
import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.quartz.CronExpression;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon with its triggers in memory that was down missed firings: at start-up the last one of
 * each schedule that never ran is handed to {@link LaunchQuartzJob}, whose misfire policy runs it
 * once or skips and logs it. (A clustered job store keeps its triggers, and Quartz itself fires a
 * late one.)
 */
final class MissedFirings {

    /** How far back a start-up looks for a firing it missed. */
    static final Duration HORIZON = Duration.ofDays(7);
    private static final Logger log = LoggerFactory.getLogger(SchedulerDaemon.class);

    private MissedFirings() {
    }

    static void handOver(Scheduler scheduler, SchedulerSettings settings, ClusterJobLauncher launcher, Instant now) throws SchedulerException {
        for (ClusterSchedule cluster : settings.clusters()) {
            handOver(scheduler, launcher, cluster, ScheduledKind.BACKUP, cluster.backup(), now);
            handOver(scheduler, launcher, cluster, ScheduledKind.PRUNE, cluster.prune() == null ? null : cluster.prune().cron(), now);
            handOver(scheduler, launcher, cluster, ScheduledKind.VERIFY, cluster.verify() == null ? null : cluster.verify().cron(), now);
        }
    }

    private static void handOver(Scheduler scheduler, ClusterJobLauncher launcher, ClusterSchedule cluster, ScheduledKind kind, String cron,
                                 Instant now) throws SchedulerException {
        if (cron == null) {
            return;
        }
        Optional<Instant> lastMissed = lastFireTime(cron, now.minusSeconds(5));
        if (lastMissed.isPresent() && !launcher.alreadyRan(cluster, kind, lastMissed.get())) {
            Instant last = lastMissed.get();
            log.info("{} of cluster {} was due at {} while the scheduler was down; the misfire policy decides now", kind.jobName(), cluster.name(), last);
            JobDataMap data = new JobDataMap();
            data.put(LaunchQuartzJob.MISSED_FIRE_TIME, last.toString());
            scheduler.triggerJob(JobKey.jobKey(cluster.name() + "." + kind.jobName(), "metasnap"), data);
        }
    }

    /** The last fire time of a cron expression before {@code before}, looking back at most {@link #HORIZON}. */
    static Optional<Instant> lastFireTime(String cron, Instant before) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (ParseException e) {
            throw new InvalidSettingException("cron '" + cron + "': " + e.getMessage());
        }
        // Quartz cannot step backwards: search forwards from ever earlier starts
        for (Duration back : List.of(Duration.ofMinutes(10), Duration.ofHours(6), Duration.ofDays(1), HORIZON)) {
            Instant last = null;
            Date next = expression.getNextValidTimeAfter(Date.from(before.minus(back)));
            while (next != null && next.toInstant().isBefore(before)) {
                last = next.toInstant();
                next = expression.getNextValidTimeAfter(next);
            }
            if (last != null) {
                return Optional.of(last);
            }
        }
        return Optional.empty();
    }
}
