package dev.metasnap.core.hummock.rw;

/** A state table's epochs and compaction group (RisingWave 1.10); also the shape of its delta. */
public record RwStateTableInfo(long committedEpoch, long safeEpoch, long compactionGroupId) {
}
