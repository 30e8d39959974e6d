package dev.metasnap.jobs;

import java.time.LocalDateTime;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;

/**
 * Runs left behind by a process that is gone: STARTING, STARTED or STOPPING (killed), or
 * UNKNOWN (its last repository update failed). Each is marked FAILED, with the steps it left in
 * such a state, so that it can be restarted or abandoned; Spring Batch refuses both for them.
 */
public final class OrphanedRuns {

    private OrphanedRuns() {
    }

    /** Whether the run is in a state only its own process could leave, if that process still runs. */
    public static boolean leftBehind(JobExecution execution) {
        if (execution.getStatus().isRunning() || execution.getStatus() == BatchStatus.UNKNOWN) {
            return true;
        }
        return execution.getStepExecutions().stream().anyMatch(OrphanedRuns::leftBehind);
    }

    private static boolean leftBehind(StepExecution step) {
        return step.getStatus().isRunning() || step.getStatus() == BatchStatus.UNKNOWN;
    }

    public static void markFailed(JobRepository repository, JobExecution execution, String why) {
        LocalDateTime now = LocalDateTime.now();
        for (StepExecution step : execution.getStepExecutions()) {
            if (leftBehind(step)) {
                step.setStatus(BatchStatus.FAILED);
                step.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
                step.setEndTime(now);
                repository.update(step);
            }
        }
        if (execution.getStatus().isRunning() || execution.getStatus() == BatchStatus.UNKNOWN) {
            execution.setStatus(BatchStatus.FAILED);
            execution.setExitStatus(ExitStatus.FAILED.addExitDescription(why));
            execution.setEndTime(now);
            repository.update(execution);
        }
    }
}
