package dev.metasnap.core.format;

import dev.metasnap.core.etcd.MetaEntry;
import java.io.Closeable;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A snapshot's key/values in object (key) order, pulled one at a time with at most one block
 * in memory, for a reader that hands out one entry per call (a restore's writes, show, diff).
 * Every check of {@link SnapshotReader} applies; the end comes after the trailer was checked.
 */
public final class SnapshotEntries implements Closeable {

    private final SnapshotReader reader;
    private final Deque<MetaEntry> block = new ArrayDeque<>();

    public SnapshotEntries(SnapshotReader reader) {
        this.reader = reader;
    }

    /** The next entry, or null at the end of the object. */
    public MetaEntry next() {
        while (block.isEmpty()) {
            var section = reader.next();
            if (section.isEmpty()) {
                return null;
            }
            if (section.get() instanceof SnapshotSection.KvBlock kv) {
                block.addAll(kv.entries());
            }
        }
        return block.poll();
    }

    @Override
    public void close() {
        reader.close();
    }
}
