package dev.metasnap.steps.backup;

import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.etcd.MetaEntry;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.infrastructure.item.Chunk;

/**
 * Counts the keys and bytes a step wrote (the export of a backup, the writes of a restore) for
 * the progress display, against the total in the job's context when the step knows one. A
 * {@link #resuming} listener keeps its counts in the step's context, committed with each chunk,
 * so a restarted step that resumes where it stopped shows "N of M" from there, not from zero.
 */
public final class KeyProgressListener implements ItemWriteListener<MetaEntry>, StepExecutionListener {

    static final String KEYS = "key-progress.keys";
    static final String BYTES = "key-progress.bytes";

    private final ProgressSink sink;
    private final String stage;
    private final String totalKey;
    private final boolean resumes;
    private long total = -1;
    private long keys;
    private long bytes;

    /** @param totalKey the job context key holding the step's total of keys, or null when unknown */
    public KeyProgressListener(ProgressSink sink, String stage, String totalKey) {
        this(sink, stage, totalKey, false);
    }

    private KeyProgressListener(ProgressSink sink, String stage, String totalKey, boolean resumes) {
        this.sink = sink;
        this.stage = stage;
        this.totalKey = totalKey;
        this.resumes = resumes;
    }

    /** For a step whose reader resumes after its last committed chunk on restart (a restore's writes). */
    public static KeyProgressListener resuming(ProgressSink sink, String stage, String totalKey) {
        return new KeyProgressListener(sink, stage, totalKey, true);
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        var context = stepExecution.getJobExecution().getExecutionContext();
        total = totalKey != null && context.containsKey(totalKey) ? context.getLong(totalKey) : -1;
        var own = stepExecution.getExecutionContext();
        keys = resumes ? own.getLong(KEYS, 0) : 0;
        bytes = resumes ? own.getLong(BYTES, 0) : 0;
        if (keys > 0) {
            sink.begin(stage, keys, total, bytes);
        }
    }

    @Override
    public void afterWrite(Chunk<? extends MetaEntry> items) {
        for (MetaEntry e : items) {
            keys++;
            bytes += e.key().length + e.value().length;
        }
        if (resumes) {
            StepContext step = StepSynchronizationManager.getContext();
            if (step != null) {
                step.getStepExecution().getExecutionContext().putLong(KEYS, keys);
                step.getStepExecution().getExecutionContext().putLong(BYTES, bytes);
            }
        }
        sink.report(stage, keys, total, bytes);
    }
}
