package dev.metasnap.steps.ssts;

import dev.metasnap.core.ssts.SstCopy;
import dev.metasnap.steps.backup.BackupContextKeys;
import dev.metasnap.core.format.Json;
import java.nio.charset.StandardCharsets;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Keeps the copy step from counting twice: before it runs, a copy already finished for the
 * run's current hummock revision makes it a no-op (a restart re-runs every backup step); after
 * it completes, what it copied moves to the job's context for the manifest entry. It also tells
 * the writer whether an earlier attempt of the step ran in this job instance (killed before it
 * could save anything, it may still have copied SSTs it did not index).
 */
public final class CopySstsListener implements StepExecutionListener {

    static final String ALREADY_DONE = "copy-ssts.already-done";
    static final String EARLIER_ATTEMPT = "copy-ssts.earlier-attempt";

    private final JobRepository repository;

    public CopySstsListener(JobRepository repository) {
        this.repository = repository;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        try {
            if (repository.getStepExecutionCount(stepExecution.getJobExecution().getJobInstance(), stepExecution.getStepName()) > 1) {
                stepExecution.getExecutionContext().putString(EARLIER_ATTEMPT, "true");
            }
        } catch (org.springframework.batch.core.step.NoSuchStepException e) {
            // the first execution of the step in this instance
        }
        ExecutionContext job = stepExecution.getJobExecution().getExecutionContext();
        if (job.containsKey(BackupContextKeys.SST_COPY)
                && job.getLong(BackupContextKeys.SST_COPY_REVISION, -1) == job.getLong(BackupContextKeys.HUMMOCK_REVISION, -2)) {
            stepExecution.getExecutionContext().putString(ALREADY_DONE, "true");
        } else {
            job.remove(BackupContextKeys.SST_COPY);
            stepExecution.getExecutionContext().remove(ALREADY_DONE);
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        ExecutionContext step = stepExecution.getExecutionContext();
        ExecutionContext job = stepExecution.getJobExecution().getExecutionContext();
        if (ExitStatus.COMPLETED.getExitCode().equals(stepExecution.getExitStatus().getExitCode())
                && !step.containsKey(ALREADY_DONE) && step.containsKey(SstCopyWriter.TALLY)) {
            SstCopy copy = SstCopyWriter.tally(step);
            job.putString(BackupContextKeys.SST_COPY, new String(Json.write(copy), StandardCharsets.UTF_8));
            job.putLong(BackupContextKeys.SST_COPY_REVISION, job.getLong(BackupContextKeys.HUMMOCK_REVISION));
        }
        return stepExecution.getExitStatus();
    }
}
