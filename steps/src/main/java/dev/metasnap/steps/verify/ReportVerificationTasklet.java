package dev.metasnap.steps.verify;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.core.verify.VerifySelection;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/** Ends the verify job: fails it, naming each snapshot and region, if any snapshot it checked is not ok. Read-only. */
public final class ReportVerificationTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public ReportVerificationTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        List<Long> ids = VerifySelection.parse(run.parameter(JobParameterNames.VERIFY_SNAPSHOT_IDS));
        BackupStorage storage = run.openStorage(connections);
        try (var store = storage.store()) {
            String failures = storage.readManifest().snapshotMetadata().stream()
                    .filter(s -> ids.isEmpty() || ids.contains(s.id()))
                    .filter(s -> s.lastVerifyResult() != null && !SnapshotMetadata.VERIFIED_OK.equals(s.lastVerifyResult()))
                    .map(s -> "snapshot " + s.id() + " " + s.lastVerifyResult())
                    .collect(Collectors.joining("; "));
            if (!failures.isEmpty()) {
                throw new SnapshotCorruptException("verification", failures + "; restore from another snapshot and delete the damaged one");
            }
        }
        return RepeatStatus.FINISHED;
    }
}
