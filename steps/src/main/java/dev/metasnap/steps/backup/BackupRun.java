package dev.metasnap.steps.backup;

import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.manifest.BackupStorage;
import java.nio.file.Path;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** One backup job execution as a step sees it: its parameters, shared context and local files. */
public record BackupRun(JobExecution jobExecution, Path workRoot) {

    public static BackupRun of(ChunkContext chunkContext, Path workRoot) {
        return of(chunkContext.getStepContext().getStepExecution(), workRoot);
    }

    public static BackupRun of(StepExecution stepExecution, Path workRoot) {
        return new BackupRun(stepExecution.getJobExecution(), workRoot);
    }

    public JobParameters parameters() {
        return jobExecution.getJobParameters();
    }

    public String parameter(String name) {
        String value = parameters().getString(name);
        return value == null ? "" : value;
    }

    public ExecutionContext context() {
        return jobExecution.getExecutionContext();
    }

    public long jobInstanceId() {
        return jobExecution.getJobInstanceId();
    }

    public String rootPrefix() {
        return parameter(BackupJobParameters.ROOT_PREFIX);
    }

    public BackupWorkFiles files() {
        return BackupWorkFiles.of(workRoot, jobInstanceId());
    }

    public EtcdGateway openEtcd(Connections connections) {
        return connections.etcd(parameter(BackupJobParameters.ETCD_ENDPOINTS), parameter(BackupJobParameters.ETCD_USERNAME), rootPrefix());
    }

    public BackupStorage openStorage(Connections connections) {
        return connections.backupStorage(parameter(BackupJobParameters.BACKUP_URL), parameter(BackupJobParameters.BACKUP_DIRECTORY));
    }

    public long revision() {
        return context().getLong(BackupContextKeys.REVISION);
    }

    /** The run's own id (see {@link BackupContextKeys#RUN_ID}); runs from before it existed fall back to their instance. */
    public String runId() {
        return context().getString(BackupContextKeys.RUN_ID, "job-instance-" + jobInstanceId());
    }

    public long snapshotId() {
        return context().getLong(BackupContextKeys.SNAPSHOT_ID);
    }
}
