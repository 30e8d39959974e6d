package dev.metasnap.jobs;

import dev.metasnap.core.restore.IdGeneratorRaise;
import dev.metasnap.steps.restore.RaiseIdGeneratorsTasklet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.batch.core.job.JobExecution;

/** What a restore run changed beyond the snapshot's own keys: the id generators it raised, by full etcd key. */
public record RestoreOutcome(Map<String, IdGeneratorRaise> raisedIdGenerators) {

    public RestoreOutcome {
        // in the order the plan names them (by key), as the restore prints them
        raisedIdGenerators = Collections.unmodifiableMap(new LinkedHashMap<>(raisedIdGenerators));
    }

    public static RestoreOutcome of(JobExecution execution) {
        return new RestoreOutcome(IdGeneratorRaise.parse(execution.getExecutionContext().getString(RaiseIdGeneratorsTasklet.RAISED, "")));
    }
}
