package dev.metasnap.jobs;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.steps.backup.BackupContextKeys;
import dev.metasnap.core.manifest.LockHolders;
import java.util.Optional;
import java.util.UUID;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Records which process runs a job execution, so that a run left STARTED by a process that is
 * gone can be told from one that is still running, and gives the run its random id (kept across
 * restarts) for the backup location's lock. The record is saved before the first step, not with
 * the first step's end, so a run killed in its first second still names its owner.
 */
public final class RunOwner implements JobExecutionListener {

    public static final String HOST = "owner.host";
    public static final String PID = "owner.pid";
    /** The owner process's start time (epoch millis): a pid reused by another process is not the owner. */
    public static final String STARTED = "owner.process-started";

    private final JobRepository repository;

    public RunOwner(JobRepository repository) {
        this.repository = repository;
    }

    @Override
    public void beforeJob(JobExecution jobExecution) {
        ExecutionContext context = jobExecution.getExecutionContext();
        context.putString(HOST, host());
        context.putLong(PID, ProcessHandle.current().pid());
        context.putLong(STARTED, LockHolders.startedAt(ProcessHandle.current()));
        if (!context.containsKey(JobRun.RUN_ID)) {
            context.putString(JobRun.RUN_ID, UUID.randomUUID().toString());
        }
        repository.updateExecutionContext(jobExecution);
    }

    public static String host() {
        return LockHolders.host();
    }

    /**
     * Names this process in a launch's parameters (not identifying), so that a run killed after
     * Spring Batch created its execution but before {@link #beforeJob} still names its owner.
     */
    public static JobParametersBuilder stamp(JobParametersBuilder parameters) {
        return parameters.addString(HOST, host(), false)
                .addLong(PID, ProcessHandle.current().pid(), false)
                .addLong(STARTED, LockHolders.startedAt(ProcessHandle.current()), false);
    }

    /** The owner as recorded: in the job's context once the run began, else in the parameters it was launched with. */
    public static ExecutionContext recorded(JobExecution execution) {
        if (execution.getExecutionContext().containsKey(PID)) {
            return execution.getExecutionContext();
        }
        ExecutionContext launcher = new ExecutionContext();
        JobParameters parameters = execution.getJobParameters();
        if (parameters.getLong(PID) != null) {
            launcher.putString(HOST, parameters.getString(HOST));
            launcher.putLong(PID, parameters.getLong(PID));
            launcher.putLong(STARTED, parameters.getLong(STARTED) == null ? 0 : parameters.getLong(STARTED));
        }
        return launcher;
    }

    /** True when the owner ran on this host and its process no longer exists. */
    public static boolean ownerIsGone(ExecutionContext context) {
        if (!context.containsKey(PID) || !host().equals(context.getString(HOST, ""))) {
            return false;
        }
        return !ownerAlive(context);
    }

    /** True when the owner is recorded as running on this host and its process is alive. */
    public static boolean ownerIsAliveHere(ExecutionContext context) {
        return context.containsKey(PID) && host().equals(context.getString(HOST, "")) && ownerAlive(context);
    }

    /** The recorded pid runs, and (when recorded) is the same process: it started when the owner did. */
    private static boolean ownerAlive(ExecutionContext context) {
        Optional<ProcessHandle> process = ProcessHandle.of(context.getLong(PID));
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        long recorded = context.getLong(STARTED, 0);
        long actual = LockHolders.startedAt(process.get());
        return recorded == 0 || actual == 0 || recorded == actual;
    }

    public static String describe(ExecutionContext context) {
        return context.containsKey(PID) ? "process " + context.getLong(PID) + " on " + context.getString(HOST, "?") : "an unknown process";
    }
}
