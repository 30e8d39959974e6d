package dev.metasnap.jobs;

import dev.metasnap.steps.run.SnapshotIdReader;
import dev.metasnap.steps.verify.SelectSnapshotsTasklet;
import java.util.List;
import org.springframework.batch.core.job.JobExecution;

/** What a verify run checked: the snapshot ids it selected. */
public record VerifyOutcome(List<Long> checkedIds) {

    public VerifyOutcome {
        checkedIds = List.copyOf(checkedIds);
    }

    public static VerifyOutcome of(JobExecution execution) {
        return new VerifyOutcome(SnapshotIdReader.parse(execution.getExecutionContext().getString(SelectSnapshotsTasklet.SELECTED, "")));
    }
}
