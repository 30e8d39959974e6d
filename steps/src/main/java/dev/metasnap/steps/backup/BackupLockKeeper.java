package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.BackupLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Keeps the backup location's lock for the run holding it, on every step after the one that
 * took it: before the step starts and, at most every {@link #CHECK_EVERY}, before a chunk is
 * written, it confirms the lock is still the run's (else the step fails with
 * {@link dev.metasnap.core.manifest.LockLostException} before writing) and renews it once
 * half its time to live is gone. One instance serves concurrent runs (scheduler): state is per
 * step execution.
 */
public final class BackupLockKeeper implements StepExecutionListener, ItemWriteListener<Object> {

    static final Duration CHECK_EVERY = Duration.ofSeconds(30);

    private final Connections connections;
    private final Path workRoot;
    private final Duration ttl;
    private final Map<Long, Instant> lastChecked = new ConcurrentHashMap<>();

    public BackupLockKeeper(Connections connections, Path workRoot, Duration ttl) {
        this.connections = connections;
        this.workRoot = workRoot;
        this.ttl = ttl;
    }

    @Override
    public void beforeStep(StepExecution step) {
        keep(step, Instant.now());
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        lastChecked.remove(step.getId());
        return null;
    }

    @Override
    public void beforeWrite(Chunk<? extends Object> items) {
        StepContext context = StepSynchronizationManager.getContext();
        if (context == null) {
            return;
        }
        StepExecution step = context.getStepExecution();
        Instant now = Instant.now();
        Instant last = lastChecked.get(step.getId());
        if (last == null || !now.isBefore(last.plus(CHECK_EVERY))) {
            keep(step, now);
        }
    }

    private void keep(StepExecution step, Instant now) {
        JobRun run = JobRun.of(step, workRoot);
        new BackupLock(run.openStorage(connections)).keep(run.runId(), ttl, now);
        lastChecked.put(step.getId(), now);
    }
}
