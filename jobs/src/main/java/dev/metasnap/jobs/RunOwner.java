package dev.metasnap.jobs;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Records which process runs a job execution, so that a run left STARTED by a process that is
 * gone can be told from one that is still running. The record is saved before the first step,
 * not with the first step's end, so a run killed in its first second still names its owner.
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
        jobExecution.getExecutionContext().putString(HOST, host());
        jobExecution.getExecutionContext().putLong(PID, ProcessHandle.current().pid());
        startMillis(ProcessHandle.current()).ifPresent(t -> jobExecution.getExecutionContext().putLong(STARTED, t));
        repository.updateExecutionContext(jobExecution);
    }

    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return ManagementFactory.getRuntimeMXBean().getName();
        }
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
        if (!context.containsKey(STARTED)) {
            return true;
        }
        return startMillis(process.get()).map(t -> t == context.getLong(STARTED)).orElse(true);
    }

    private static Optional<Long> startMillis(ProcessHandle process) {
        return process.info().startInstant().map(java.time.Instant::toEpochMilli);
    }

    public static String describe(ExecutionContext context) {
        return context.containsKey(PID) ? "process " + context.getLong(PID) + " on " + context.getString(HOST, "?") : "an unknown process";
    }
}
