package dev.metasnap.scheduler;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.Durations;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.SchedulerSettings;
import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import dev.metasnap.jobs.BackupJobConfiguration;
import dev.metasnap.jobs.PruneJobConfiguration;
import dev.metasnap.jobs.VerifyJobConfiguration;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.params.SystemParams;
import dev.metasnap.core.verify.CopiedSstCheck;
import dev.metasnap.core.verify.VerifySelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.context.ApplicationContext;

/**
 * Launches one scheduled run for one cluster: the scheduled fire time is an identifying job
 * parameter, so a duplicate firing finds the job instance and does not run it twice; a run of
 * the same job for the same cluster that is still going makes the firing skip; a failure is
 * restarted by the retry policy through a one-shot retry trigger (no worker waits out the
 * back-off). Every outcome reaches the log and the metrics.
 */
public final class ClusterJobLauncher {

    public static final String CLUSTER = "cluster";
    /** How long a recovery waits for a run of the same schedule on this node to end. */
    static final Duration RECOVERY_WAIT = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(ClusterJobLauncher.class);

    private final ApplicationContext context;
    private final Connections connections;
    private final SchedulerSettings settings;
    private final JobMetrics metrics;
    private final UnaryOperator<String> env;
    private final java.util.Map<String, java.util.concurrent.locks.ReentrantLock> inProgress = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean stopping;
    private final java.util.Set<Long> askedToStop = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ClusterJobLauncher(ApplicationContext context, Connections connections, SchedulerSettings settings, JobMetrics metrics, UnaryOperator<String> env) {
        this.context = context;
        this.connections = connections;
        this.settings = settings;
        this.metrics = metrics;
        this.env = env;
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
        if (stopping) {
            return skip(cluster, job, "the daemon is stopping");
        }
        var lock = inProgress.computeIfAbsent(cluster.name() + "." + job, k -> new java.util.concurrent.locks.ReentrantLock());
        if (!lock.tryLock()) {
            return skip(cluster, job, "the previous run is still going (firing of " + fireTime + ")");
        }
        try {
            return launchExclusive(cluster, kind, fireTime, retries);
        } finally {
            lock.unlock();
        }
    }

    private Optional<JobExecution> running(ClusterSchedule cluster, String job) {
        return context.getBean(JobRepository.class).findRunningJobExecutions(job).stream()
                .filter(e -> cluster.name().equals(e.getJobParameters().getString(CLUSTER))).findFirst();
    }

    private Outcome launchExclusive(ClusterSchedule cluster, ScheduledKind kind, Instant fireTime, RetryScheduler retries) {
        String job = kind.jobName();
        Optional<JobExecution> active = running(cluster, job);
        if (active.isPresent()) {
            return skip(cluster, job, "job execution " + active.get().getId() + " of it is still running");
        }
        long started = System.nanoTime();
        try {
            JobParameters parameters = parameters(cluster, kind, fireTime);
            JobOperator operator = context.getBean(JobOperator.class);
            JobExecution execution = operator.start(context.getBean(job, Job.class), parameters);
            if (dev.metasnap.jobs.LockRaces.abandonIfLockHeld(operator, execution)) {
                return skip(cluster, job, failure(execution) + " (job execution " + execution.getId() + " abandoned: it did nothing)");
            }
            return ended(cluster, kind, execution, 0, started, retries);
        } catch (JobInstanceAlreadyCompleteException | JobExecutionAlreadyRunningException e) {
            return skip(cluster, job, "the firing of " + fireTime + " already ran (duplicate firing)");
        } catch (Exception e) {
            metrics.failure(cluster.name(), job);
            log.error("{} of cluster {} could not start: {}", job, cluster.name(), e.getMessage());
            return Outcome.FAILED;
        } finally {
            writeTextfile();
        }
    }

    /**
     * A run ended after {@code attemptsDone} restarts: success is recorded; a failure with retries
     * left (and the daemon not stopping) gets a retry trigger, restart {@code attemptsDone + 1} after
     * {@code backoff * 2^attemptsDone}, and releases the worker at once; any other end is final.
     */
    private Outcome ended(ClusterSchedule cluster, ScheduledKind kind, JobExecution execution, int attemptsDone, long started,
                          RetryScheduler retries) {
        String job = kind.jobName();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            metrics.success(cluster.name(), job, seconds, execution.getExecutionContext());
            log.info("{} of cluster {} completed in {} s (job execution {})", job, cluster.name(), String.format("%.1f", seconds), execution.getId());
            return Outcome.COMPLETED;
        }
        int attempts = settings.retry().attempts();
        if (execution.getStatus() == BatchStatus.FAILED && attemptsDone < attempts && !stopping && retries != null) {
            int attempt = attemptsDone + 1;
            Duration backoff = Durations.parse(settings.retry().backoff()).multipliedBy(1L << attemptsDone);
            log.warn("{} of cluster {} failed (job execution {}): {}; restart {} of {} in {}", job, cluster.name(), execution.getId(),
                    failure(execution), attempt, attempts, backoff);
            try {
                retries.schedule(cluster, kind, execution.getId(), attempt, backoff);
                return Outcome.RETRY_SCHEDULED;
            } catch (Exception e) {
                log.error("{} of cluster {}: could not schedule restart {} of job execution {}: {}", job, cluster.name(), attempt,
                        execution.getId(), rootMessage(e));
            }
        }
        metrics.failure(cluster.name(), job);
        log.error("{} of cluster {} ended {} (job execution {}): {}; run 'metasnap jobs restart {}' after fixing the cause",
                job, cluster.name(), execution.getStatus(), execution.getId(), failure(execution), execution.getId());
        long failedId = execution.getId();
        execution.getAllFailureExceptions().stream().findFirst().ifPresent(t -> log.debug("failure of job execution {}", failedId, t));
        return Outcome.FAILED;
    }

    /**
     * A retry trigger fired: restarts job execution {@code executionId} (restart {@code attempt} of
     * the retry policy) if it is still the latest execution of its job instance and still FAILED or
     * STOPPED, under the same guards as a firing (daemon stopping, previous run still going).
     */
    public Outcome retry(ClusterSchedule cluster, ScheduledKind kind, long executionId, int attempt, RetryScheduler retries) {
        String job = kind.jobName();
        String what = "restart " + attempt + " of job execution " + executionId;
        if (stopping) {
            return skip(cluster, job, what + ": the daemon is stopping; run 'metasnap jobs restart " + executionId + "'");
        }
        var lock = inProgress.computeIfAbsent(cluster.name() + "." + job, k -> new java.util.concurrent.locks.ReentrantLock());
        if (!lock.tryLock()) {
            return skip(cluster, job, what + ": the previous run is still going; run 'metasnap jobs restart " + executionId + "' later");
        }
        try {
            return retryExclusive(cluster, kind, executionId, attempt, retries);
        } finally {
            lock.unlock();
            writeTextfile();
        }
    }

    private Outcome retryExclusive(ClusterSchedule cluster, ScheduledKind kind, long executionId, int attempt, RetryScheduler retries) {
        String job = kind.jobName();
        String what = "restart " + attempt + " of job execution " + executionId;
        Optional<JobExecution> active = running(cluster, job);
        if (active.isPresent()) {
            return skip(cluster, job, what + ": job execution " + active.get().getId() + " of it is still running; run 'metasnap jobs restart "
                    + executionId + "' later");
        }
        JobRepository repository = context.getBean(JobRepository.class);
        JobExecution failed = repository.getJobExecution(executionId);
        if (failed == null) {
            log.warn("{} of cluster {}: {} does nothing: the job repository has no such execution", job, cluster.name(), what);
            return Outcome.SKIPPED;
        }
        JobExecution latest = repository.getLastJobExecution(failed.getJobInstance());
        if (latest != null && latest.getId() != executionId) {
            log.info("{} of cluster {}: {} does nothing: job execution {} (status {}) already followed it", job, cluster.name(), what,
                    latest.getId(), latest.getStatus());
            return Outcome.SKIPPED;
        }
        if (failed.getStatus() != BatchStatus.FAILED && failed.getStatus() != BatchStatus.STOPPED) {
            log.info("{} of cluster {}: {} does nothing: it is {} now", job, cluster.name(), what, failed.getStatus());
            return Outcome.SKIPPED;
        }
        log.info("{} of cluster {}: {} on this node (pid {})", job, cluster.name(), what, ProcessHandle.current().pid());
        long started = System.nanoTime();
        try {
            JobExecution execution = context.getBean(JobOperator.class).restart(failed);
            return ended(cluster, kind, execution, attempt, started, retries);
        } catch (Exception e) {
            metrics.failure(cluster.name(), job);
            log.error("{} of cluster {}: {} could not start: {}; run 'metasnap jobs restart {}' after fixing the cause", job, cluster.name(),
                    what, rootMessage(e), executionId);
            return Outcome.FAILED;
        }
    }

    /**
     * Asks every running job to stop at its next chunk boundary; they end STOPPED and restartable.
     * Called again while the daemon waits for them, it asks only jobs it has not asked yet.
     */
    public void stopRunning() {
        stopping = true;
        JobOperator operator = context.getBean(JobOperator.class);
        JobRepository repository = context.getBean(JobRepository.class);
        for (ScheduledKind kind : ScheduledKind.values()) {
            for (JobExecution e : repository.findRunningJobExecutions(kind.jobName())) {
                if (!askedToStop.add(e.getId())) {
                    continue;
                }
                try {
                    if (operator.stop(e)) {
                        log.info("asked job execution {} ({}) to stop; restart it with 'metasnap jobs restart {}'", e.getId(), kind.jobName(), e.getId());
                    }
                } catch (Exception ex) {
                    log.warn("could not stop job execution {}: {}", e.getId(), ex.getMessage());
                }
            }
        }
    }

    public boolean anyRunning() {
        JobRepository repository = context.getBean(JobRepository.class);
        for (ScheduledKind kind : ScheduledKind.values()) {
            if (!repository.findRunningJobExecutions(kind.jobName()).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Another node died while running this schedule (Quartz's cluster noticed): its run, left
     * STARTED, is marked FAILED and restarted here from where it stopped. It waits (bounded) for
     * a run of the same schedule on this node to end first, as a firing would be skipped, so two
     * runs of one schedule never overlap; every outcome, failure included, is logged with its cause.
     */
    public Outcome recover(ClusterSchedule cluster, ScheduledKind kind) {
        String job = kind.jobName();
        var lock = inProgress.computeIfAbsent(cluster.name() + "." + job, k -> new java.util.concurrent.locks.ReentrantLock());
        try {
            if (!lock.tryLock(RECOVERY_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                log.error("recovering {} of cluster {}: a run of it on this node has not ended within {}; restart the left-behind"
                        + " run by hand ('metasnap jobs list --status STARTED', then 'metasnap jobs restart ID')", job, cluster.name(), RECOVERY_WAIT);
                metrics.failure(cluster.name(), job);
                return Outcome.FAILED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        }
        try {
            return recoverExclusive(cluster, kind);
        } finally {
            lock.unlock();
            writeTextfile();
        }
    }

    private Outcome recoverExclusive(ClusterSchedule cluster, ScheduledKind kind) {
        String job = kind.jobName();
        JobRepository repository = context.getBean(JobRepository.class);
        Optional<JobExecution> orphan = repository.findRunningJobExecutions(job).stream()
                .filter(e -> cluster.name().equals(e.getJobParameters().getString(CLUSTER))).findFirst();
        if (orphan.isEmpty()) {
            log.info("recovering {} of cluster {}: no run was left behind", job, cluster.name());
            return Outcome.SKIPPED;
        }
        JobExecution execution = orphan.get();
        if (dev.metasnap.jobs.RunOwner.ownerIsAliveHere(dev.metasnap.jobs.RunOwner.recorded(execution))) {
            log.warn("recovering {} of cluster {}: job execution {} is still run by {} on this host; leaving it alone", job, cluster.name(),
                    execution.getId(), dev.metasnap.jobs.RunOwner.describe(dev.metasnap.jobs.RunOwner.recorded(execution)));
            return Outcome.SKIPPED;
        }
        dev.metasnap.jobs.OrphanedRuns.markFailed(repository, execution, "the scheduler node running it ("
                + dev.metasnap.jobs.RunOwner.describe(dev.metasnap.jobs.RunOwner.recorded(execution)) + ") stopped checking in");
        log.warn("recovering {} of cluster {}: job execution {} was left by a node that died; restarting it", job, cluster.name(), execution.getId());
        long started = System.nanoTime();
        try {
            JobExecution restarted = context.getBean(JobOperator.class).restart(repository.getJobExecution(execution.getId()));
            if (restarted.getStatus() == BatchStatus.COMPLETED) {
                metrics.success(cluster.name(), job, (System.nanoTime() - started) / 1e9, restarted.getExecutionContext());
                log.info("recovered {} of cluster {}: job execution {} completed the run of job execution {}", job, cluster.name(),
                        restarted.getId(), execution.getId());
                return Outcome.COMPLETED;
            }
            log.error("recovering {} of cluster {}: job execution {} ended {}: {}; run 'metasnap jobs restart {}' after fixing the cause",
                    job, cluster.name(), restarted.getId(), restarted.getStatus(), failure(restarted), restarted.getId());
        } catch (Exception e) {
            log.error("recovering {} of cluster {}: could not restart job execution {}: {}; run 'metasnap jobs restart {}' after fixing the cause",
                    job, cluster.name(), execution.getId(), rootMessage(e), execution.getId());
            log.debug("recovery failure of job execution {}", execution.getId(), e);
        }
        metrics.failure(cluster.name(), job);
        return Outcome.FAILED;
    }

    /** Whether the job repository holds a run of this schedule for this fire time. */
    public boolean alreadyRan(ClusterSchedule cluster, ScheduledKind kind, Instant fireTime) {
        JobRepository repository = context.getBean(JobRepository.class);
        for (var instance : repository.getJobInstances(kind.jobName(), 0, 200)) {
            for (JobExecution e : repository.getJobExecutions(instance)) {
                if (cluster.name().equals(e.getJobParameters().getString(CLUSTER))
                        && fireTime.toString().equals(e.getJobParameters().getString(BackupJobConfiguration.REQUESTED_AT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A firing the misfire policy skipped: counted, and already logged by the caller. */
    public void recordSkip(ClusterSchedule cluster, ScheduledKind kind) {
        metrics.skipped(cluster.name(), kind.jobName());
        writeTextfile();
    }

    private Outcome skip(ClusterSchedule cluster, String job, String why) {
        metrics.skipped(cluster.name(), job);
        log.warn("skipped {} of cluster {}: {}", job, cluster.name(), why);
        writeTextfile();
        return Outcome.SKIPPED;
    }

    private void writeTextfile() {
        if (settings.metrics().textfile() != null) {
            metrics.writeTextfile(Path.of(settings.metrics().textfile()));
        }
    }

    /** The failure as an operator needs it: the root cause, not Spring Batch's wrapper ("Unable to process chunk"). */
    private static String failure(JobExecution e) {
        return e.getAllFailureExceptions().stream().findFirst().map(ClusterJobLauncher::rootMessage)
                .orElse(String.valueOf(e.getExitStatus().getExitDescription()).lines().findFirst().orElse(""));
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root == t ? message : root.getClass().getSimpleName() + ": " + message;
    }

    /** The job's parameters; the scheduled fire time stands in for the launch time, so it identifies the run. */
    private JobParameters parameters(ClusterSchedule cluster, ScheduledKind kind, Instant fireTime) {
        EtcdSettings etcd = etcdSettings(cluster);
        BackupLocation location = location(cluster, etcd);
        JobParameters base = switch (kind) {
            case BACKUP -> BackupJobConfiguration.parameters(etcd, location, "scheduled " + fireTime, cluster.copySsts());
            case PRUNE -> PruneJobConfiguration.parameters(location, cluster.prune().policy());
            // a cluster whose backups copy SSTs has its copies checked too (presence and size)
            case VERIFY -> VerifyJobConfiguration.parameters(location, VerifySelection.ALL, null,
                    cluster.copySsts().isEmpty() ? CopiedSstCheck.none() : CopiedSstCheck.presence());
        };
        return new JobParametersBuilder(base)
                .addString(BackupJobConfiguration.REQUESTED_AT, fireTime.toString())
                .addString(CLUSTER, cluster.name())
                .toJobParameters();
    }

    EtcdSettings etcdSettings(ClusterSchedule cluster) {
        char[] password = null;
        if (cluster.etcdUsername() != null) {
            password = password(cluster).toCharArray();
            connections.secrets().etcdPassword(cluster.etcdUsername(), password);
        }
        return new EtcdSettings(EtcdSettings.parseEndpoints(cluster.etcdEndpoints()), cluster.etcdUsername(), password, cluster.rootPrefix(), null);
    }

    private String password(ClusterSchedule cluster) {
        if (cluster.etcdPasswordFile() != null) {
            try {
                return Files.readAllLines(Path.of(cluster.etcdPasswordFile())).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new InvalidSettingException("cluster " + cluster.name() + ": cannot read etcd-password-file " + cluster.etcdPasswordFile());
            }
        }
        if (cluster.etcdPasswordEnv() != null && env.apply(cluster.etcdPasswordEnv()) != null) {
            return env.apply(cluster.etcdPasswordEnv());
        }
        throw new InvalidSettingException("cluster " + cluster.name() + ": etcd user " + cluster.etcdUsername()
                + " needs etcd-password-file or etcd-password-env");
    }

    /** The backup location: from the environment variable the config names, else from the cluster's params. */
    private BackupLocation location(ClusterSchedule cluster, EtcdSettings etcd) {
        if (cluster.backupStorageUrlEnv() != null) {
            String url = env.apply(cluster.backupStorageUrlEnv());
            if (url == null || cluster.backupStorageDirectory() == null) {
                throw new InvalidSettingException("cluster " + cluster.name() + ": $" + cluster.backupStorageUrlEnv()
                        + " and backup-storage-directory must both be set");
            }
            BackupLocation location = BackupLocation.parse(url, cluster.backupStorageDirectory());
            connections.secrets().storageUrl(location.url());
            return location;
        }
        try (EtcdGateway gateway = connections.etcd(etcd)) {
            BackupLocation location = new SystemParams(gateway, etcd.rootPrefix()).backupLocation();
            connections.secrets().storageUrl(location.url());
            return location;
        }
    }
}
