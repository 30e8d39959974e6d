package dev.metasnap.cli;

import dev.metasnap.jobs.LockRaces;
import java.util.stream.Collectors;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.step.StepExecution;

/** Turns a finished job execution into success or a {@link JobFailedException} with the right exit code. */
final class JobResults {

    private JobResults() {
    }

    /** As {@link #requireCompleted(JobExecution)}; a run that only lost the lock race is abandoned first and says so. */
    static void requireCompleted(JobExecution execution, JobOperator operator) {
        if (LockRaces.abandonIfLockHeld(operator, execution)) {
            Throwable cause = execution.getAllFailureExceptions().get(0);
            throw new JobFailedException(ExitCodeMapper.message(cause) + "; nothing was done, and this run (job execution "
                    + execution.getId() + ") was abandoned so that no restart takes it up later", ExitCodes.LOCK_HELD);
        }
        requireCompleted(execution);
    }

    static void requireCompleted(JobExecution execution) {
        if (execution.getStatus() == BatchStatus.COMPLETED) {
            return;
        }
        Throwable cause = execution.getAllFailureExceptions().stream().findFirst().orElse(null);
        int mapped = cause == null ? ExitCodes.INTERNAL : ExitCodeMapper.exitCode(cause);
        int code = switch (mapped) {
            // an outage during a run is what restart is for; a lock, corruption or a refused commit is not
            case ExitCodes.LOCK_HELD, ExitCodes.VERIFICATION_FAILED, ExitCodes.PRECONDITION -> mapped;
            default -> ExitCodes.JOB_FAILED_RESTARTABLE;
        };
        String failedStep = execution.getStepExecutions().stream()
                .filter(s -> s.getStatus() == BatchStatus.FAILED)
                .map(StepExecution::getStepName)
                .collect(Collectors.joining(", "));
        String why = cause == null ? execution.getExitStatus().getExitDescription().lines().findFirst().orElse("") : ExitCodeMapper.message(cause);
        throw new JobFailedException(execution.getJobInstance().getJobName() + " job " + execution.getStatus().name().toLowerCase()
                + (failedStep.isEmpty() ? "" : " in step " + failedStep) + " (job execution " + execution.getId() + "): " + why
                + "; after fixing the cause run 'metasnap jobs restart " + execution.getId() + "'", code);
    }
}
