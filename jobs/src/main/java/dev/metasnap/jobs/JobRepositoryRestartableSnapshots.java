package dev.metasnap.jobs;

import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.steps.backup.BackupContextKeys;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.hummock.HummockVersion;
import dev.metasnap.core.retention.RestartableSnapshots;
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
        for (JobExecution last : restartable(redactedUrl, directory)) {
            if (last.getExecutionContext().containsKey(BackupContextKeys.SNAPSHOT_ID)) {
                held.add(last.getExecutionContext().getLong(BackupContextKeys.SNAPSHOT_ID));
            }
        }
        return held;
    }

    @Override
    public Set<Long> heldSsts(String redactedUrl, String directory) {
        Set<Long> held = new HashSet<>();
        for (JobExecution last : restartable(redactedUrl, directory)) {
            String copy = last.getJobParameters().getString(JobParameterNames.BACKUP_COPY_SSTS);
            if (copy != null && !copy.isEmpty() && last.getExecutionContext().containsKey(BackupContextKeys.HUMMOCK_VERSION)) {
                try {
                    held.addAll(Json.read(last.getExecutionContext().getString(BackupContextKeys.HUMMOCK_VERSION)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8), HummockVersion.class).ssts());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException("the hummock version of job execution " + last.getId() + " does not parse; abandon it"
                            + " ('metasnap jobs abandon " + last.getId() + "') before pruning: " + e.getMessage(), e);
                }
            }
        }
        return held;
    }

    /** The last execution of every backup instance into this location that can still be restarted. */
    private java.util.List<JobExecution> restartable(String redactedUrl, String directory) {
        java.util.List<JobExecution> result = new java.util.ArrayList<>();
        for (JobInstance instance : repository.getJobInstances(BackupJobConfiguration.JOB_NAME, 0, MAX_INSTANCES)) {
            JobExecution last = repository.getLastJobExecution(instance);
            if (last == null || last.getStatus() == BatchStatus.COMPLETED || last.getStatus() == BatchStatus.ABANDONED) {
                continue;
            }
            if (redactedUrl.equals(last.getJobParameters().getString(JobParameterNames.BACKUP_URL))
                    && directory.equals(last.getJobParameters().getString(JobParameterNames.BACKUP_DIRECTORY))) {
                result.add(last);
            }
        }
        return result;
    }
}
