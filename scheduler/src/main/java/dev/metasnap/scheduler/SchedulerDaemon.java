package dev.metasnap.scheduler;

import dev.metasnap.config.SchedulerSettings;
import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz scheduler of the daemon: one job and one cron trigger per cluster and schedule.
 * Late firings go to {@link LaunchQuartzJob}'s misfire policy; on stop, running jobs are asked
 * to finish their chunk and end STOPPED (restartable) before the scheduler shuts down.
 */
public final class SchedulerDaemon implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchedulerDaemon.class);

    /**
     * The bound on stopping: how long {@link #close} waits for running jobs to reach a chunk
     * boundary and end STOPPED. The daemon is gone shortly after, whatever they do.
     */
    public static final Duration STOP_WAIT = Duration.ofSeconds(60);

    private final Scheduler scheduler;
    private final ClusterJobLauncher launcher;
    private final boolean clustered;
    private final AtomicBoolean closing = new AtomicBoolean();

    private SchedulerDaemon(Scheduler scheduler, ClusterJobLauncher launcher, boolean clustered) {
        this.scheduler = scheduler;
        this.launcher = launcher;
        this.clustered = clustered;
    }

    /** The Quartz scheduler (its triggers, including pending retries in group {@value RetryQuartzJob#GROUP}). */
    public Scheduler quartz() {
        return scheduler;
    }

    /**
     * Starts the scheduler. With {@code clusteredStore} (the job repository's PostgreSQL
     * database) Quartz keeps its triggers there as a clustered JDBC job store: several daemons on
     * one database fire each trigger once, and a daemon that dies mid-job has its job recovered
     * by another. Otherwise triggers live in memory and start-up catches up on missed firings.
     */
    public static SchedulerDaemon start(SchedulerSettings settings, ClusterJobLauncher launcher, javax.sql.DataSource clusteredStore)
            throws SchedulerException {
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", "metasnap");
        quartz.setProperty("org.quartz.threadPool.threadCount", Integer.toString(Math.max(2, settings.clusters().size() * 3)));
        // every late firing reaches LaunchQuartzJob, which applies metasnap's own misfire policy
        quartz.setProperty("org.quartz.jobStore.misfireThreshold", "1000");
        quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        if (clusteredStore == null) {
            quartz.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        } else {
            QuartzTables.create(clusteredStore);
            org.quartz.utils.DBConnectionManager.getInstance().addConnectionProvider("metasnap", new QuartzTables.Provider(clusteredStore));
            quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
            quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
            quartz.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
            quartz.setProperty("org.quartz.jobStore.dataSource", "metasnap");
            quartz.setProperty("org.quartz.jobStore.isClustered", "true");
            quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", "2000");
        }
        Scheduler scheduler = new StdSchedulerFactory(quartz).getScheduler();
        if (scheduler.isStarted()) {
            // Quartz hands out a live scheduler of the same name instead of a new one: never share another daemon's
            throw new IllegalStateException("a scheduler daemon already runs in this process; stop it before starting another");
        }
        try {
            scheduler.setJobFactory((bundle, s) -> bundle.getJobDetail().getJobClass() == RetryQuartzJob.class
                    ? new RetryQuartzJob(settings, launcher) : new LaunchQuartzJob(settings, launcher));
            for (ClusterSchedule cluster : settings.clusters()) {
                schedule(scheduler, cluster, ScheduledKind.BACKUP, cluster.backup());
                schedule(scheduler, cluster, ScheduledKind.PRUNE, cluster.prune() == null ? null : cluster.prune().cron());
                schedule(scheduler, cluster, ScheduledKind.VERIFY, cluster.verify() == null ? null : cluster.verify().cron());
            }
            scheduler.start();
            if (clusteredStore == null && new MisfirePolicy(settings.misfire()).catchesUp()) {
                MissedFirings.handOver(scheduler, settings, launcher, Instant.now());
            }
        } catch (SchedulerException | RuntimeException e) {
            // a start that fails leaves no Quartz thread behind, nor a scheduler a later start would be handed; it waits
            // for a catch-up firing already handed over, which runs against the session the caller is about to close
            scheduler.shutdown(true);
            throw e;
        }
        return new SchedulerDaemon(scheduler, launcher, clusteredStore != null);
    }

    private static void schedule(Scheduler scheduler, ClusterSchedule cluster, ScheduledKind kind, String cron) throws SchedulerException {
        if (cron == null) {
            return;
        }
        if (!CronExpression.isValidExpression(cron)) {
            throw new dev.metasnap.config.InvalidSettingException("cluster " + cluster.name() + ": " + kind.jobName() + " cron '" + cron
                    + "' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week, e.g. '0 30 2 * * ?')");
        }
        String name = cluster.name() + "." + kind.jobName();
        JobDetail job = JobBuilder.newJob(LaunchQuartzJob.class).withIdentity(name, "metasnap")
                .usingJobData(LaunchQuartzJob.CLUSTER, cluster.name()).usingJobData(LaunchQuartzJob.KIND, kind.name())
                .requestRecovery(true).build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(name, "metasnap")
                .withSchedule(CronScheduleBuilder.cronSchedule(cron).withMisfireHandlingInstructionFireAndProceed())
                .build();
        // a clustered store may already hold them from another node: the config file is the truth
        scheduler.scheduleJob(job, java.util.Set.of(trigger), true);
        log.info("scheduled {} of cluster {}: '{}', next at {}", kind.jobName(), cluster.name(), cron, trigger.getNextFireTime().toInstant());
    }

    /**
     * SIGTERM: no new firings (retries included); running jobs are asked to stop at their next
     * chunk boundary and end STOPPED (restartable); the wait is bounded by {@link #STOP_WAIT}, after
     * which the scheduler shuts down without waiting (a job still running is left to the process
     * exit and found by 'metasnap jobs restart ID'). Pending retry triggers stay in the clustered
     * job store, or are dropped with a log line in memory; their runs stay FAILED and restartable.
     * Quartz is shut down whatever happens on the way: a scheduler left running would keep its
     * threads and be handed, by its name, to the next daemon this process starts. An interrupt of
     * the caller (before or during the stop) cuts the wait for running jobs short, and is handed
     * back when the stop is done, not before: the job repository is an H2 file, and a thread that
     * touches it while interrupted fails its query and has the file's channel closed
     * (ClosedByInterruptException). Only the first call stops; a later one returns at once.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Thread current = Thread.currentThread();
        if (current.getContextClassLoader() == null) {
            // a signal handler's thread has none, and Quartz's JDBC store proxies its connections through it
            current.setContextClassLoader(SchedulerDaemon.class.getClassLoader());
        }
        boolean interrupted = Thread.interrupted();
        // unknown counts as busy: a stop that fails before it could ask must not wait on jobs without bound
        boolean busy = true;
        try {
            scheduler.standby();
            launcher.stopRunning();
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            busy = busy();
            while (busy && !interrupted && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
                launcher.stopRunning();
                busy = busy();
            }
            if (busy) {
                log.warn("jobs still running {}; exiting without them: find them with 'metasnap jobs list --status STARTED' and resume"
                        + " them with 'metasnap jobs restart ID'", interrupted ? "when the stop was interrupted" : STOP_WAIT + " after the stop request");
            }
            try {
                pendingRetries();
            } catch (SchedulerException | RuntimeException e) {
                log.warn("could not list pending retries: {}", e.getMessage());
            }
        } catch (SchedulerException | RuntimeException e) {
            log.warn("scheduler did not stop cleanly: {}", e.getMessage());
        } finally {
            shutdown(busy);
            if (interrupted) {
                current.interrupt();
            }
        }
    }

    /** With no job running, Quartz joins its scheduler thread and every worker before this returns: none outlives the daemon. */
    private void shutdown(boolean busy) {
        try {
            scheduler.shutdown(!busy);
            log.info("scheduler stopped");
        } catch (SchedulerException e) {
            log.warn("scheduler did not shut down cleanly: {}", e.getMessage());
        }
    }

    private boolean busy() throws SchedulerException {
        return launcher.anyRunning() || !scheduler.getCurrentlyExecutingJobs().isEmpty();
    }

    private void pendingRetries() throws SchedulerException {
        for (org.quartz.TriggerKey key : scheduler.getTriggerKeys(org.quartz.impl.matchers.GroupMatcher.triggerGroupEquals(RetryQuartzJob.GROUP))) {
            Trigger trigger = scheduler.getTrigger(key);
            if (trigger == null) {
                continue;
            }
            org.quartz.JobDataMap data = trigger.getJobDataMap().isEmpty() ? scheduler.getJobDetail(trigger.getJobKey()).getJobDataMap()
                    : trigger.getJobDataMap();
            Object execution = data.get(RetryQuartzJob.EXECUTION_ID);
            Date due = trigger.getNextFireTime();
            if (clustered) {
                log.info("restart {} of job execution {} ({}) due at {} stays in the job store; a running scheduler node fires it",
                        data.get(RetryQuartzJob.ATTEMPT), execution, key.getName(), due == null ? "now" : due.toInstant());
            } else {
                log.warn("dropping restart {} of job execution {} ({}) due at {}: this scheduler keeps its triggers in memory;"
                        + " the run stays restartable: run 'metasnap jobs restart {}'", data.get(RetryQuartzJob.ATTEMPT), execution,
                        key.getName(), due == null ? "now" : due.toInstant(), execution);
            }
        }
    }
}
