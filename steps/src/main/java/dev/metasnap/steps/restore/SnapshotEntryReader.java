package dev.metasnap.steps.restore;

import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.format.SnapshotSection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
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
    private final Deque<MetaEntry> block = new ArrayDeque<>();
    private SnapshotReader reader;
    private byte[] resumeAfter;
    private byte[] lastKey;

    public SnapshotEntryReader(Path file) {
        this.file = file;
    }

    @Override
    public void open(ExecutionContext context) {
        try {
            reader = SnapshotReader.open(Files.newInputStream(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the downloaded snapshot " + file + ": " + e.getMessage(), e);
        }
        if (context.containsKey(LAST_KEY)) {
            resumeAfter = Base64.getDecoder().decode(context.getString(LAST_KEY));
            lastKey = resumeAfter;
        }
    }

    @Override
    public MetaEntry read() {
        while (true) {
            while (block.isEmpty()) {
                var section = reader.next();
                if (section.isEmpty()) {
                    return null;
                }
                if (section.get() instanceof SnapshotSection.KvBlock kv) {
                    block.addAll(kv.entries());
                }
            }
            MetaEntry next = block.poll();
            if (resumeAfter != null && Arrays.compareUnsigned(next.key(), resumeAfter) <= 0) {
                continue;
            }
            resumeAfter = null;
            lastKey = next.key();
            return next;
        }
    }

    @Override
    public void update(ExecutionContext context) {
        if (lastKey != null) {
            context.putString(LAST_KEY, Base64.getEncoder().encodeToString(lastKey));
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
    }
}
