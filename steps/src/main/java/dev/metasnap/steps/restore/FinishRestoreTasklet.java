package dev.metasnap.steps.restore;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.restore.RestoreMarker;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import java.io.IOException;
import dev.metasnap.core.workdir.WorkFiles;
import java.nio.file.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Removes the restore marker, which makes the restored store look complete, and the local copy
 * of the snapshot. Restart contract: deleting what is already gone is not an error.
 */
public final class FinishRestoreTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public FinishRestoreTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        JobRun run = JobRun.of(chunkContext, workRoot);
        try (EtcdGateway etcd = run.openEtcd(connections)) {
            RestoreMarker.remove(etcd, run.rootPrefix());
        }
        WorkFiles.delete(RestoreWorkFiles.snapshotFile(run).getParent());
        return RepeatStatus.FINISHED;
    }
}
