package dev.metasnap.steps.run;

import dev.metasnap.config.HummockLocation;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.manifest.BackupStorage;
import java.nio.file.Path;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** One job execution as a step sees it, whatever the job: its parameters, shared context and local work root. */
public record JobRun(JobExecution jobExecution, Path workRoot) {

    /** The run's random id, set before its first step and kept across restarts: the owner named by the location's lock. */
    public static final String RUN_ID = "owner.run-id";

    public static JobRun of(ChunkContext chunkContext, Path workRoot) {
        return of(chunkContext.getStepContext().getStepExecution(), workRoot);
    }

    public static JobRun of(StepExecution stepExecution, Path workRoot) {
        return new JobRun(stepExecution.getJobExecution(), workRoot);
    }

    public JobParameters parameters() {
        return jobExecution.getJobParameters();
    }

    /** A string parameter, empty when the launch did not set it. */
    public String parameter(String name) {
        String value = parameters().getString(name);
        return value == null ? "" : value;
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(parameter(name));
    }

    public ExecutionContext context() {
        return jobExecution.getExecutionContext();
    }

    /** A number an earlier step put in the job's context. */
    public long contextLong(String key) {
        return context().getLong(key);
    }

    public long jobInstanceId() {
        return jobExecution.getJobInstanceId();
    }

    public String rootPrefix() {
        return parameter(JobParameterNames.ROOT_PREFIX);
    }

    /** The snapshot a restore was asked for. */
    public long requestedSnapshotId() {
        return Long.parseLong(parameter(JobParameterNames.RESTORE_SNAPSHOT_ID));
    }

    /** The run's own id (see {@link #RUN_ID}); runs from before it existed fall back to their instance. */
    public String runId() {
        return context().getString(RUN_ID, "job-instance-" + jobInstanceId());
    }

    public EtcdGateway openEtcd(Connections connections) {
        return connections.etcd(parameter(JobParameterNames.ETCD_ENDPOINTS), parameter(JobParameterNames.ETCD_USERNAME), rootPrefix());
    }

    public BackupStorage openStorage(Connections connections) {
        return connections.backupStorage(parameter(JobParameterNames.BACKUP_URL), parameter(JobParameterNames.BACKUP_DIRECTORY));
    }

    public HummockStorage openHummock(Connections connections) {
        return connections.hummockStorage(new HummockLocation(connections.resolve(parameter(JobParameterNames.HUMMOCK_URL)),
                parameter(JobParameterNames.HUMMOCK_DIRECTORY)));
    }
}
