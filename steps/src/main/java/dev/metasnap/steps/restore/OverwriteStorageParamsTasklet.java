package dev.metasnap.steps.restore;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.MetaEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * With the overwrite flags, rewrites exactly the four storage params in one transaction.
 * Restart contract: idempotent puts.
 */
public final class OverwriteStorageParamsTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public OverwriteStorageParamsTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        List<MetaEntry> entries = StorageParamOverrides.of(run, connections).entrySet().stream()
                .map(e -> new MetaEntry(e.getKey().getBytes(StandardCharsets.UTF_8), e.getValue(), 0))
                .toList();
        if (!entries.isEmpty()) {
            try (EtcdGateway etcd = run.openEtcd(connections)) {
                etcd.putAll(entries);
            }
        }
        return RepeatStatus.FINISHED;
    }
}
