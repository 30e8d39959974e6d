package dev.metasnap.steps.backup;

import dev.metasnap.steps.etcd.MetaEntry;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Counts the keys and bytes a step wrote (the export of a backup, the writes of a restore) for
 * the progress display, against the total in the job's context when the step knows one.
 */
public final class KeyProgressListener implements ItemWriteListener<MetaEntry>, StepExecutionListener {

    private final ProgressSink sink;
    private final String stage;
    private final String totalKey;
    private long total = -1;
    private long keys;
    private long bytes;

    /** @param totalKey the job context key holding the step's total of keys, or null when unknown */
    public KeyProgressListener(ProgressSink sink, String stage, String totalKey) {
        this.sink = sink;
        this.stage = stage;
        this.totalKey = totalKey;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        var context = stepExecution.getJobExecution().getExecutionContext();
        total = totalKey != null && context.containsKey(totalKey) ? context.getLong(totalKey) : -1;
        keys = 0;
        bytes = 0;
    }

    @Override
    public void afterWrite(Chunk<? extends MetaEntry> items) {
        for (MetaEntry e : items) {
            keys++;
            bytes += e.key().length + e.value().length;
        }
        sink.report(stage, keys, total, bytes);
    }
}
