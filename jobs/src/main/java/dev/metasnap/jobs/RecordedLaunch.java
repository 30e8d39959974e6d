package dev.metasnap.jobs;

import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.steps.run.JobRun;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;

/**
 * Where a run was launched against, as its job parameters recorded it (secrets redacted): what a
 * restart or an abandon needs to reach the same etcd and location again.
 */
public record RecordedLaunch(Optional<String> etcdEndpoints, String etcdUsername, String rootPrefix, Optional<String> backupUrl,
                             String backupDirectory, String runId) {

    public static RecordedLaunch of(JobExecution execution) {
        JobParameters p = execution.getJobParameters();
        return new RecordedLaunch(Optional.ofNullable(p.getString(JobParameterNames.ETCD_ENDPOINTS)), text(p, JobParameterNames.ETCD_USERNAME),
                text(p, JobParameterNames.ROOT_PREFIX), Optional.ofNullable(p.getString(JobParameterNames.BACKUP_URL)),
                text(p, JobParameterNames.BACKUP_DIRECTORY), new JobRun(execution, null).runId());
    }

    private static String text(JobParameters p, String name) {
        String value = p.getString(name);
        return value == null ? "" : value;
    }
}
