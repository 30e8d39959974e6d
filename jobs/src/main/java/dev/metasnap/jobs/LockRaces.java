package dev.metasnap.jobs;

import dev.metasnap.core.manifest.LockHeldException;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;

/**
 * A run that lost the race for the location's lock did nothing; it is abandoned at once, so that
 * no later 'jobs restart' (or scheduler retry) turns it into a surprise second backup or prune.
 */
public final class LockRaces {

    private LockRaces() {
    }

    /** Abandons the execution if it failed only because another run holds the lock; returns whether it did. */
    public static boolean abandonIfLockHeld(JobOperator operator, JobExecution execution) {
        boolean lockHeld = execution.getStatus() == BatchStatus.FAILED
                && execution.getAllFailureExceptions().stream().anyMatch(LockRaces::isLockHeld)
                && execution.getStepExecutions().stream().filter(s -> s.getStatus() != BatchStatus.COMPLETED).count() == 1
                && execution.getStepExecutions().size() == 1;
        if (!lockHeld) {
            return false;
        }
        try {
            operator.abandon(execution);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean isLockHeld(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof LockHeldException) {
                return true;
            }
        }
        return false;
    }
}
