package dev.metasnap.core.verify;

import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.format.SnapshotHeader;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.format.SnapshotSection;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.hummock.HummockFormatException;
import dev.metasnap.core.hummock.HummockStorage;
import java.io.InputStream;

/**
 * One full read of a snapshot object: every frame checksum, the trailer totals, the hummock
 * checkpoint decoded, and the SHA-256. What the read found is compared by the caller with what
 * it expects (the manifest entry, or the values the backup sealed).
 */
public record SnapshotScan(SnapshotHeader header, long keys, String sha256) {

    public static SnapshotScan of(InputStream object) {
        long keys = 0;
        try (SnapshotReader reader = SnapshotReader.open(object)) {
            for (var section = reader.next(); section.isPresent(); section = reader.next()) {
                if (section.get() instanceof SnapshotSection.KvBlock block) {
                    keys += block.entries().size();
                } else if (section.get() instanceof SnapshotSection.HummockObject h && h.name().equals(HummockStorage.CHECKPOINT)) {
                    try {
                        HummockLayouts.RISINGWAVE.checkpoint(h.content());
                    } catch (HummockFormatException e) {
                        throw new SnapshotCorruptException("hummock manifest", e.getMessage());
                    }
                }
            }
            return new SnapshotScan(reader.header(), keys, reader.sha256());
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
