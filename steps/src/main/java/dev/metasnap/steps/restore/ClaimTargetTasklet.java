package dev.metasnap.steps.restore;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.restore.RestoreMarker;
import dev.metasnap.core.restore.RestorePreflight;
import dev.metasnap.core.restore.RestoreRefusedException;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import java.nio.file.Path;
import java.time.Instant;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The restore's first write: the marker that claims the empty target for this job instance
 * (and proves the credentials may write). Restart contract: our own marker is kept; a marker
 * of anyone else is refused.
 */
public final class ClaimTargetTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public ClaimTargetTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        try (EtcdGateway etcd = run.openEtcd(connections)) {
            boolean ours = RestorePreflight.requireEmptyTarget(etcd, run.rootPrefix(), run.jobInstanceId());
            if (!ours && !RestoreMarker.create(etcd, run.rootPrefix(),
                    new RestoreMarker.Content(run.requestedSnapshotId(), run.jobInstanceId(), Instant.now().toString()))) {
                throw new RestoreRefusedException("another restore claimed " + etcd.describe() + " just now; check 'metasnap jobs list'");
            }
        }
        return RepeatStatus.FINISHED;
    }
}
