package dev.metasnap.steps.backup;

import dev.metasnap.steps.etcd.MetaEntry;
import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;

/** Counts exported keys and bytes for the progress display. */
public final class ExportProgressListener implements ItemWriteListener<MetaEntry> {

    private final ProgressSink sink;
    private long keys;
    private long bytes;

    public ExportProgressListener(ProgressSink sink) {
        this.sink = sink;
    }

    @Override
    public void afterWrite(Chunk<? extends MetaEntry> items) {
        for (MetaEntry e : items) {
            keys++;
            bytes += e.key().length + e.value().length;
        }
        sink.report("export", keys, bytes);
    }
}
