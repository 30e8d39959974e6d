package dev.metasnap.steps.backup;

import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.manifest.BackupLock;
import dev.metasnap.steps.manifest.BackupStorage;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/** Releases the backup location's lock when a run ends, well or badly, so a restart or the next run can take it. */
public final class BackupLockReleaseListener implements JobExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(BackupLockReleaseListener.class);

    private final Connections connections;
    private final Path workRoot;

    public BackupLockReleaseListener(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public void afterJob(JobExecution jobExecution) {
        BackupRun run = new BackupRun(jobExecution, workRoot);
        try {
            BackupStorage storage = run.openStorage(connections);
            try (var store = storage.store()) {
                new BackupLock(storage).release(run.jobInstanceId());
            }
        } catch (RuntimeException e) {
            log.warn("could not release the backup lock of job instance {}: {}; it expires on its own or can be broken with 'metasnap lock break'",
                    run.jobInstanceId(), e.getMessage());
        }
    }
}
