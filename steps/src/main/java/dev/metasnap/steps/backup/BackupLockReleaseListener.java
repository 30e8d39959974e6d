package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.BackupLock;
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
        JobRun run = new JobRun(jobExecution, workRoot);
        try {
            new BackupLock(run.openStorage(connections)).release(run.runId());
        } catch (RuntimeException e) {
            log.warn("could not release the backup lock of run {} (job execution {}): {}; the next run takes it over once this"
                    + " one is known to have ended, or break it with 'metasnap lock break'", run.runId(), jobExecution.getId(), e.getMessage());
        }
    }
}
