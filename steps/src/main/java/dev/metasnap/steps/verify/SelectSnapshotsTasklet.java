package dev.metasnap.steps.verify;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.core.verify.VerifySelection;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.BackupStorage;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Fixes the list of snapshots a verify run checks. Restart contract: the list is chosen once and kept. */
public final class SelectSnapshotsTasklet implements Tasklet {

    public static final String SELECTED = "verify.selected-ids";

    private final Connections connections;
    private final Path workRoot;

    public SelectSnapshotsTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        if (run.context().containsKey(SELECTED)) {
            return RepeatStatus.FINISHED;
        }
        BackupStorage storage = run.openStorage(connections);
        try (var store = storage.store()) {
            String ids = VerifySelection.resolve(run.parameter(JobParameterNames.VERIFY_SNAPSHOT_IDS), storage.readManifest(), storage.describe())
                    .stream().map(String::valueOf).collect(Collectors.joining(","));
            run.context().putString(SELECTED, ids);
        }
        return RepeatStatus.FINISHED;
    }
}
