package dev.metasnap.core.format;

/** The last frame of a snapshot object: totals that a reader checks against what it read. */
public record SnapshotTrailer(long kvBlocks, long kvEntries, long kvRawBytes, long kvStoredBytes, int hummockObjects) {
}
