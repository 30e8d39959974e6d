package dev.metasnap.jobs;

import dev.metasnap.core.manifest.BackupLockOwner;
import dev.metasnap.core.manifest.LockHolders;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;

/**
 * A lock's holder has ended when its process on this host is gone, or when its job execution,
 * recorded in this same job repository, is no longer running (COMPLETED, FAILED, STOPPED,
 * ABANDONED): a run that failed holds nothing; its restart takes the lock again if it is free.
 */
public final class JobRepositoryLockHolders implements LockHolders {

    private final JobRepository repository;
    private final String repositoryId;

    public JobRepositoryLockHolders(JobRepository repository, String repositoryId) {
        this.repository = repository;
        this.repositoryId = repositoryId;
    }

    @Override
    public Optional<String> ended(BackupLockOwner holder) {
        Optional<String> gone = LockHolders.processGone(holder);
        if (gone.isPresent() || holder.jobExecutionId() <= 0 || !repositoryId.equals(holder.jobRepository())) {
            return gone;
        }
        JobExecution execution = repository.getJobExecution(holder.jobExecutionId());
        if (execution == null) {
            return Optional.of("its job execution " + holder.jobExecutionId() + " is not in the job repository");
        }
        if (execution.getStatus().isRunning()) {
            return Optional.empty();
        }
        return Optional.of("its job execution " + holder.jobExecutionId() + " ended " + execution.getStatus());
    }
}
