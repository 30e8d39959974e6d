package dev.metasnap.jobs;

import dev.metasnap.steps.prune.PruneContextKeys;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** What a prune run achieved: the ids it deleted (comma-separated, as planned), the SSTs it unpinned and the orphans it swept. */
public record PruneOutcome(String deletedIds, int sstsUnpinned, int orphansSwept) {

    public static PruneOutcome of(JobExecution execution) {
        ExecutionContext c = execution.getExecutionContext();
        return new PruneOutcome(c.getString(PruneContextKeys.DELETE_IDS, ""),
                c.getInt(PruneContextKeys.PINNED_BEFORE, 0) - c.getInt(PruneContextKeys.PINNED_AFTER, 0), c.getInt(PruneContextKeys.ORPHANS, 0));
    }
}
