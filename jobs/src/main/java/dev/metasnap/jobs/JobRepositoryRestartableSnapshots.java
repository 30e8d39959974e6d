package dev.metasnap.jobs;

import dev.metasnap.steps.backup.BackupContextKeys;
import dev.metasnap.steps.backup.BackupJobParameters;
import dev.metasnap.steps.prune.RestartableSnapshots;
import java.util.HashSet;
import java.util.Set;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.repository.JobRepository;

/** Snapshot ids reserved by backup runs of this job repository that can still be restarted (their last execution is not COMPLETED or ABANDONED). */
public final class JobRepositoryRestartableSnapshots implements RestartableSnapshots {

    private static final int MAX_INSTANCES = 10_000;

    private final JobRepository repository;

    public JobRepositoryRestartableSnapshots(JobRepository repository) {
        this.repository = repository;
    }

    @Override
    public Set<Long> held(String redactedUrl, String directory) {
        Set<Long> held = new HashSet<>();
        for (JobInstance instance : repository.getJobInstances(BackupJobConfiguration.JOB_NAME, 0, MAX_INSTANCES)) {
            JobExecution last = repository.getLastJobExecution(instance);
            if (last == null || last.getStatus() == BatchStatus.COMPLETED || last.getStatus() == BatchStatus.ABANDONED) {
                continue;
            }
            if (redactedUrl.equals(last.getJobParameters().getString(BackupJobParameters.BACKUP_URL))
                    && directory.equals(last.getJobParameters().getString(BackupJobParameters.BACKUP_DIRECTORY))
                    && last.getExecutionContext().containsKey(BackupContextKeys.SNAPSHOT_ID)) {
                held.add(last.getExecutionContext().getLong(BackupContextKeys.SNAPSHOT_ID));
            }
        }
        return held;
    }
}
