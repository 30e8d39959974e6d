package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Keeps the export step's restart state true to the files on this host. Before the step: any
 * sealed object of an earlier attempt is invalidated (its keys are about to be exported again),
 * and a resume point whose block file is not here (the run was taken over from another host, or
 * the work directory was removed) is dropped, so the export starts again from the first key
 * instead of failing forever. After a completed export: its revision and block-file length go
 * into the job's context, which fixes the revision of the snapshot's content for the rest of
 * the run.
 */
public final class ExportStateListener implements StepExecutionListener {

    private static final Logger log = LoggerFactory.getLogger(ExportStateListener.class);

    private final Path workRoot;

    public ExportStateListener(Path workRoot) {
        this.workRoot = workRoot;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        JobRun run = JobRun.of(stepExecution, workRoot);
        BackupWorkFiles files = BackupWorkFiles.of(run);
        files.create();
        ExecutionContext job = run.context();
        job.remove(BackupContextKeys.EXPORTED_REVISION);
        job.remove(BackupContextKeys.EXPORTED_BYTES);
        job.remove(BackupContextKeys.SEALED_REVISION);
        deleteQuietly(files.tail());
        deleteQuietly(files.head());

        ExecutionContext step = stepExecution.getExecutionContext();
        long committed = SnapshotBlockWriter.committedBytes(step, run.contextLong(BackupContextKeys.REVISION));
        long present = sizeOrMinusOne(files.kvFrames());
        if (committed > 0 && present < committed) {
            log.warn("the partial export of snapshot {} committed {} bytes but {} holds {}; exporting again from the first key",
                    run.contextLong(BackupContextKeys.SNAPSHOT_ID), committed, files.kvFrames(), present < 0 ? "nothing" : present + " bytes");
            SnapshotBlockWriter.forget(step);
            MetaKeyRangeReader.forget(step);
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
            JobRun run = JobRun.of(stepExecution, workRoot);
            run.context().putLong(BackupContextKeys.EXPORTED_REVISION, run.contextLong(BackupContextKeys.REVISION));
            run.context().putLong(BackupContextKeys.EXPORTED_BYTES, sizeOrMinusOne(BackupWorkFiles.of(run).kvFrames()));
        }
        return stepExecution.getExitStatus();
    }

    private static long sizeOrMinusOne(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", file, e.getMessage());
        }
    }
}
