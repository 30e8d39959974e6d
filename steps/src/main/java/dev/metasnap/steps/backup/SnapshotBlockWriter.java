package dev.metasnap.steps.backup;

import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Appends each chunk as one compressed, checksummed key/value block to the local block file,
 * synced before the chunk commits. Restart contract: truncates the file to the length saved at
 * the last commit, so blocks written after it (by a crashed run) are dropped, never doubled;
 * a new revision starts an empty file.
 */
public final class SnapshotBlockWriter implements ItemStreamWriter<MetaEntry> {

    static final String OFFSET = "snapshot-block-writer.offset";
    static final String REVISION = "snapshot-block-writer.revision";

    private final Path file;
    private final long revision;
    private FileChannel channel;
    private long offset;

    public SnapshotBlockWriter(Path file, long revision) {
        this.file = file;
        this.revision = revision;
    }

    /** The block-file length the last commit of an export at {@code revision} recorded; 0 if none. */
    static long committedBytes(ExecutionContext context, long revision) {
        return context.getLong(REVISION, -1) == revision ? context.getLong(OFFSET, 0) : 0;
    }

    /** Drops the resume point, so the next open starts an empty block file. */
    static void forget(ExecutionContext context) {
        context.remove(REVISION);
        context.remove(OFFSET);
    }

    @Override
    public void open(ExecutionContext context) {
        offset = committedBytes(context, revision);
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            if (channel.size() < offset) {
                throw new IllegalStateException("block file " + file + " is shorter (" + channel.size() + " bytes) than the "
                        + offset + " bytes already committed; the work directory was changed, abandon this run and start a new backup");
            }
            channel.truncate(offset);
            channel.position(offset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open block file " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void write(Chunk<? extends MetaEntry> chunk) throws IOException {
        if (chunk.isEmpty()) {
            return;
        }
        byte[] frame = SnapshotFormat.kvBlockFrame(java.util.List.copyOf(chunk.getItems()));
        ByteBuffer buffer = ByteBuffer.wrap(frame);
        // a write that failed half-way left bytes after the committed length
        channel.truncate(offset);
        channel.position(offset);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        channel.force(false);
        offset += frame.length;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(REVISION, revision);
        context.putLong(OFFSET, offset);
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                channel = null;
            }
        }
    }
}
