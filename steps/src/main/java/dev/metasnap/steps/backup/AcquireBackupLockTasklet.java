package dev.metasnap.steps.backup;

import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.manifest.BackupLock;
import dev.metasnap.steps.manifest.BackupStorage;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Takes the backup location's lock for this job instance. Restart contract: runs again on every
 * restart and takes the lock again, since the same job instance owns it.
 */
public final class AcquireBackupLockTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;
    private final Duration ttl;

    public AcquireBackupLockTasklet(Connections connections, Path workRoot, Duration ttl) {
        this.connections = connections;
        this.workRoot = workRoot;
        this.ttl = ttl;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        BackupRun run = BackupRun.of(chunkContext, workRoot);
        BackupStorage storage = run.openStorage(connections);
        try (var store = storage.store()) {
            new BackupLock(storage).acquire(run.jobInstanceId(), ttl);
        }
        return RepeatStatus.FINISHED;
    }
}
