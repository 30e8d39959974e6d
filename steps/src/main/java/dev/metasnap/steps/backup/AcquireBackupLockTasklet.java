package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.BackupLock;
import dev.metasnap.core.manifest.BackupLockOwner;
import dev.metasnap.core.manifest.LockHolders;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Takes the backup location's lock for this run (backup or prune), named by the run's own random
 * id, this process and this job execution. Restart contract: re-runs on every restart and takes
 * the lock again, since the same run owns it, from whichever host restarts it; a lock of a
 * run that has provably ended is taken over; any other holder fails the step at once.
 */
public final class AcquireBackupLockTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;
    private final Duration ttl;
    private final String jobRepository;
    private final LockHolders holders;

    public AcquireBackupLockTasklet(Connections connections, Path workRoot, Duration ttl, String jobRepository, LockHolders holders) {
        this.connections = connections;
        this.workRoot = workRoot;
        this.ttl = ttl;
        this.jobRepository = jobRepository;
        this.holders = holders;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        BackupLockOwner mine = BackupLockOwner.of(run.runId(), run.jobExecution().getJobInstance().getJobName(), jobRepository,
                run.jobExecution().getId(), Instant.now(), ttl);
        new BackupLock(run.openStorage(connections)).acquire(mine, holders);
        return RepeatStatus.FINISHED;
    }
}
