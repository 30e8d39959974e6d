package dev.metasnap.jobs;

import dev.metasnap.steps.run.JobParameterNames;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.InvalidJobParametersException;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobExecutionAlreadyRunningException;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobInstanceAlreadyCompleteException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.launch.JobRestartException;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.dao.EmptyResultDataAccessException;

/**
 * What may be done with job executions: find them (by id, running, by cluster and fire time),
 * start, stop and restart them, take over a run whose process is gone, abandon one for good.
 * 'metasnap jobs restart|abandon' and the scheduler's retries and recoveries follow these same
 * rules; each caller words the outcome for its reader.
 */
public final class JobRuns {

    /** The identifying job parameter naming the cluster a scheduled run was launched for. */
    public static final String CLUSTER = "cluster";

    private final JobRepository repository;
    private final JobOperator operator;

    public JobRuns(JobRepository repository, JobOperator operator) {
        this.repository = repository;
        this.operator = operator;
    }

    public static JobRuns of(BeanFactory context) {
        return new JobRuns(context.getBean(JobRepository.class), context.getBean(JobOperator.class));
    }

    /** The execution as the repository has it now. */
    public Optional<JobExecution> find(long id) {
        try {
            return Optional.ofNullable(repository.getJobExecution(id));
        } catch (EmptyResultDataAccessException e) {
            return Optional.empty();
        }
    }

    /** The executions of {@code jobName} the repository has as running (by this process or any other). */
    public Set<JobExecution> running(String jobName) {
        return repository.findRunningJobExecutions(jobName);
    }

    /** A running execution of {@code jobName} that the scheduler launched for {@code cluster}. */
    public Optional<JobExecution> running(String jobName, String cluster) {
        return running(jobName).stream().filter(e -> cluster.equals(e.getJobParameters().getString(CLUSTER))).findFirst();
    }

    public boolean anyRunning(Collection<String> jobNames) {
        return jobNames.stream().anyMatch(job -> !running(job).isEmpty());
    }

    /**
     * Whether a run of {@code jobName} for {@code cluster} was launched with {@code requestedAt} (a
     * scheduled fire time), among the newest {@code instances} job instances.
     */
    public boolean launched(String jobName, String cluster, String requestedAt, int instances) {
        for (JobInstance instance : repository.getJobInstances(jobName, 0, instances)) {
            for (JobExecution e : repository.getJobExecutions(instance)) {
                if (cluster.equals(e.getJobParameters().getString(CLUSTER))
                        && requestedAt.equals(e.getJobParameters().getString(JobParameterNames.REQUESTED_AT))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The execution that restarted this one's job instance after it, if any: only the latest of an instance can go on. */
    public Optional<JobExecution> followedBy(JobExecution execution) {
        return repository.getJobExecutions(execution.getJobInstance()).stream()
                .max(Comparator.comparingLong(JobExecution::getId))
                .filter(latest -> latest.getId() != execution.getId());
    }

    /** How sure the caller is that the owner of a run left behind is gone. */
    public enum Evidence {
        /**
         * A command on this host: the owner's process is provably gone from this host, or the operator
         * says so with {@code --force} for an owner this host cannot check (another host, none recorded).
         */
        PROCESS_GONE("the process running this job (%s) is gone"),
        /** The scheduler's cluster saw the node running it stop checking in: any owner not alive on this host is gone. */
        NODE_STOPPED_CHECKING_IN("the scheduler node running it (%s) stopped checking in");

        private final String why;

        Evidence(String why) {
            this.why = why;
        }
    }

    /** The outcome of {@link #takeOver}. */
    public sealed interface TakeOver {
        /** The run is in a state its own process left it in when it ended: nothing to take over. */
        record NotLeftBehind() implements TakeOver {
        }

        /** Marked FAILED (it was {@code was}), so it can be restarted or abandoned. */
        record MarkedFailed(BatchStatus was, String owner) implements TakeOver {
        }

        /** Its owner still runs on this host: never overridden. */
        record OwnerAlive(String owner) implements TakeOver {
        }

        /** Its owner cannot be checked from this host and the caller did not force it. */
        record OwnerUnchecked(String owner) implements TakeOver {
        }
    }

    /**
     * A run left STARTING, STARTED, STOPPING or UNKNOWN (or with such a step) whose owner is gone is
     * marked FAILED, since Spring Batch restarts or abandons neither. An owner alive on this host is
     * never overridden; one this host cannot check only with {@code force} or when a scheduler node
     * stopped checking in.
     */
    public TakeOver takeOver(JobExecution execution, Evidence evidence, boolean force) {
        if (!OrphanedRuns.leftBehind(execution)) {
            return new TakeOver.NotLeftBehind();
        }
        var recorded = RunOwner.recorded(execution);
        String owner = RunOwner.describe(recorded);
        if (RunOwner.ownerIsAliveHere(recorded)) {
            return new TakeOver.OwnerAlive(owner);
        }
        boolean unchecked = !RunOwner.ownerIsGone(recorded);
        if (unchecked && !force && evidence == Evidence.PROCESS_GONE) {
            return new TakeOver.OwnerUnchecked(owner);
        }
        BatchStatus was = execution.getStatus();
        OrphanedRuns.markFailed(repository, execution, evidence.why.formatted(owner));
        return new TakeOver.MarkedFailed(was, owner);
    }

    public JobExecution start(Job job, JobParameters parameters) throws JobInstanceAlreadyCompleteException,
            JobExecutionAlreadyRunningException, InvalidJobParametersException, JobRestartException {
        return operator.start(job, parameters);
    }

    /** Asks a running execution to stop at its next chunk boundary; it ends STOPPED, restartable. */
    public boolean stop(JobExecution execution) throws JobExecutionNotRunningException {
        return operator.stop(execution);
    }

    /** Resumes the run from the step and chunk where it stopped; it must be FAILED or STOPPED (see {@link #takeOver}). */
    public JobExecution restart(JobExecution execution) throws JobRestartException {
        return operator.restart(execution);
    }

    /**
     * Gives the run up for good (it must not be running; see {@link #takeOver}); returns its status
     * as the repository has it afterwards, which is ABANDONED unless something else changed it.
     */
    public BatchStatus abandon(JobExecution execution) throws JobExecutionAlreadyRunningException {
        JobExecution current = find(execution.getId()).orElse(execution);
        if (current.getStatus() != BatchStatus.ABANDONED) {
            operator.abandon(current);
        }
        return find(execution.getId()).map(JobExecution::getStatus).orElse(BatchStatus.UNKNOWN);
    }

    /** A run that lost the race for its location's lock did nothing: it is abandoned at once (see {@link LockRaces}). */
    public boolean abandonIfLockLost(JobExecution execution) {
        return LockRaces.abandonIfLockHeld(operator, execution);
    }
}
