package dev.metasnap.steps.restore;

import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotEntries;
import dev.metasnap.core.restore.SnapshotFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Streams the key/values of a verified local snapshot, one block in memory at a time. Restart
 * contract: skips every key up to the last one of the last committed chunk (keys are in etcd
 * order in the snapshot), so writing resumes after the last committed batch.
 */
public final class SnapshotEntryReader implements ItemStreamReader<MetaEntry> {

    static final String LAST_KEY = "snapshot-entry-reader.last-key";

    private final Path file;
    private SnapshotEntries entries;
    private byte[] resumeAfter;
    private byte[] lastKey;

    public SnapshotEntryReader(Path file) {
        this.file = file;
    }

    @Override
    public void open(ExecutionContext context) {
        entries = new SnapshotEntries(SnapshotFile.open(file));
        if (context.containsKey(LAST_KEY)) {
            resumeAfter = Base64.getDecoder().decode(context.getString(LAST_KEY));
            lastKey = resumeAfter;
        }
    }

    @Override
    public MetaEntry read() {
        for (MetaEntry next = entries.next(); next != null; next = entries.next()) {
            if (resumeAfter != null && Arrays.compareUnsigned(next.key(), resumeAfter) <= 0) {
                continue;
            }
            resumeAfter = null;
            lastKey = next.key();
            return next;
        }
        return null;
    }

    @Override
    public void update(ExecutionContext context) {
        if (lastKey != null) {
            context.putString(LAST_KEY, Base64.getEncoder().encodeToString(lastKey));
        }
    }

    @Override
    public void close() {
        if (entries != null) {
            entries.close();
            entries = null;
        }
    }
}
