package dev.metasnap.core.verify;

import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.format.SnapshotHeader;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.format.SnapshotSection;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.hummock.HummockFormatException;
import dev.metasnap.core.hummock.HummockStorage;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * One full read of a snapshot object: every frame checksum, the trailer totals, the end marker
 * and the SHA-256, with each section handed to a visitor on the way. Verification, the
 * restore's download and checks, and anything else that reads a whole object read it here. What
 * the read found is compared by the caller with what it expects (the manifest entry, or the
 * values the backup sealed).
 */
public record SnapshotScan(SnapshotHeader header, long keys, String sha256) {

    /** Reads {@code object} to its end, handing every section to {@code visitor} in object order; closes the stream. */
    public static SnapshotScan read(InputStream object, Consumer<SnapshotSection> visitor) {
        long keys = 0;
        try (SnapshotReader reader = SnapshotReader.open(object)) {
            for (var section = reader.next(); section.isPresent(); section = reader.next()) {
                if (section.get() instanceof SnapshotSection.KvBlock block) {
                    keys += block.entries().size();
                }
                visitor.accept(section.get());
            }
            return new SnapshotScan(reader.header(), keys, reader.sha256());
        }
    }

    /** Verification's read: {@link #read} that also decodes the hummock checkpoint. */
    public static SnapshotScan of(InputStream object) {
        return read(object, SnapshotScan::checkpointDecodes);
    }

    /** A visitor that sees the key/value blocks only. */
    public static Consumer<SnapshotSection> blocks(Consumer<SnapshotSection.KvBlock> each) {
        return section -> {
            if (section instanceof SnapshotSection.KvBlock block) {
                each.accept(block);
            }
        };
    }

    /** A visitor that sees every key/value, in key order. */
    public static Consumer<SnapshotSection> entries(Consumer<MetaEntry> each) {
        return blocks(block -> block.entries().forEach(each));
    }

    private static void checkpointDecodes(SnapshotSection section) {
        if (section instanceof SnapshotSection.HummockObject h && h.name().equals(HummockStorage.CHECKPOINT)) {
            try {
                HummockLayouts.RISINGWAVE.checkpoint(h.content());
            } catch (HummockFormatException e) {
                throw new SnapshotCorruptException("hummock manifest", e.getMessage());
            }
        }
    }

    /** Fails naming the region when what was read disagrees with what was expected. */
    public void expect(long snapshotId, long revision, long keyCount, String sha) {
        if (header.snapshotId() != snapshotId || header.etcdRevision() != revision) {
            throw new SnapshotCorruptException("header", "names snapshot " + header.snapshotId() + " at revision " + header.etcdRevision()
                    + ", expected snapshot " + snapshotId + " at revision " + revision);
        }
        if (keys != keyCount) {
            throw new SnapshotCorruptException("trailer", keys + " keys read, " + keyCount + " expected");
        }
        if (!sha256.equals(sha)) {
            throw new SnapshotCorruptException("object", "SHA-256 " + sha256 + " differs from the recorded " + sha);
        }
    }
}
