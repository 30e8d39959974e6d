package dev.metasnap.core.hummock;

/** Per state table epochs and group (RisingWave 1.10's {@code state_table_info}), as its manifest writes them. */
public record StateTableInfo(long committedEpoch, long safeEpoch, long compactionGroupId) {
}
