package dev.metasnap.steps.restore;

import dev.metasnap.config.HummockLocation;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.work.WorkFiles;
import java.nio.file.Path;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** One restore job execution as a step sees it: its parameters, shared context and local files. */
public record RestoreRun(JobExecution jobExecution, Path workRoot) {

    public static RestoreRun of(ChunkContext chunkContext, Path workRoot) {
        return new RestoreRun(chunkContext.getStepContext().getStepExecution().getJobExecution(), workRoot);
    }

    public String parameter(String name) {
        String value = jobExecution.getJobParameters().getString(name);
        return value == null ? "" : value;
    }

    public ExecutionContext context() {
        return jobExecution.getExecutionContext();
    }

    public long jobInstanceId() {
        return jobExecution.getJobInstanceId();
    }

    public long snapshotId() {
        return Long.parseLong(parameter(RestoreJobParameters.SNAPSHOT_ID));
    }

    public String rootPrefix() {
        return parameter(RestoreJobParameters.ROOT_PREFIX);
    }

    public boolean flag(String name) {
        return Boolean.parseBoolean(parameter(name));
    }

    public static Path snapshotFile(Path workRoot, long jobInstanceId) {
        return WorkFiles.directory(workRoot, "restore", jobInstanceId).resolve("snapshot.bin");
    }

    public Path snapshotFile() {
        return snapshotFile(workRoot, jobInstanceId());
    }

    public EtcdGateway openTarget(Connections connections) {
        return connections.etcd(parameter(RestoreJobParameters.ETCD_ENDPOINTS), parameter(RestoreJobParameters.ETCD_USERNAME), rootPrefix());
    }

    public BackupStorage openBackup(Connections connections) {
        return connections.backupStorage(parameter(RestoreJobParameters.BACKUP_URL), parameter(RestoreJobParameters.BACKUP_DIRECTORY));
    }

    public HummockStorage openHummock(Connections connections) {
        return connections.hummockStorage(new HummockLocation(connections.resolve(parameter(RestoreJobParameters.HUMMOCK_URL)),
                parameter(RestoreJobParameters.HUMMOCK_DIRECTORY)));
    }
}
