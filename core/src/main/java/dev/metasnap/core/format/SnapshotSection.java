package dev.metasnap.core.format;

import dev.metasnap.core.etcd.MetaEntry;
import java.util.List;

/** What a {@link SnapshotReader} yields after the header, in object order. */
public sealed interface SnapshotSection {

    /** A hummock manifest object (checkpoint, cluster id) as it was read from hummock storage. */
    record HummockObject(String name, byte[] content) implements SnapshotSection {
    }

    /** One decoded key/value block; {@code index} counts from 0. */
    record KvBlock(long index, List<MetaEntry> entries, long rawBytes, long storedBytes) implements SnapshotSection {
        public KvBlock {
            entries = List.copyOf(entries);
        }
    }

    record Trailer(SnapshotTrailer trailer) implements SnapshotSection {
    }
}
