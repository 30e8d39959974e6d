package dev.metasnap.steps.prune;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.core.retention.RetentionDecision;
import dev.metasnap.core.retention.RetentionPlanner;
import dev.metasnap.config.RetentionPolicy;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Decides which snapshots go. Restart contract: the plan is fixed in the job's ExecutionContext
 * on the first run and never recomputed, so a restart deletes exactly what was planned.
 */
public final class PlanPruneTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public PlanPruneTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        if (run.context().containsKey(PruneContextKeys.DELETE_IDS)) {
            return RepeatStatus.FINISHED;
        }
        RetentionPolicy policy = RetentionPolicy.parse(run.parameter(JobParameterNames.PRUNE_POLICY));
        BackupStorage storage = run.openStorage(connections);
        try (var store = storage.store()) {
            BackupManifest manifest = storage.readManifest();
            Set<Long> deleted = RetentionPlanner.plan(manifest.snapshotMetadata(), policy, Instant.now()).stream()
                    .filter(d -> !d.keep())
                    .map(RetentionDecision::id)
                    .collect(Collectors.toSet());
            List<SnapshotMetadata> doomed = manifest.snapshotMetadata().stream()
                    .filter(s -> deleted.contains(s.id()))
                    .sorted(Comparator.comparingLong(SnapshotMetadata::id))
                    .toList();
            run.context().putString(PruneContextKeys.DELETE_IDS, joined(doomed, SnapshotMetadata::id));
            run.context().putString(PruneContextKeys.DELETE_OBJECT_BYTES, joined(doomed, SnapshotMetadata::objectBytes));
            run.context().putInt(PruneContextKeys.PINNED_BEFORE, manifest.pinnedSsts().size());
        }
        return RepeatStatus.FINISHED;
    }

    private static String joined(List<SnapshotMetadata> snapshots, ToLongFunction<SnapshotMetadata> field) {
        return snapshots.stream().map(s -> String.valueOf(field.applyAsLong(s))).collect(Collectors.joining(","));
    }
}
