package dev.metasnap.demo;

/**
 * The hummock side of a generated cluster in one layout: the first checkpoint, epoch commits
 * with the compactions that follow them, and checkpoints that fold the delta log.
 */
interface HummockHistory {

    /** Writes the first checkpoint (and its SSTs); the delta log is empty. */
    void create(long maxCommittedEpoch);

    /** One epoch: new SSTs and a delta in etcd, sometimes followed by compaction deltas. */
    void commitEpoch(long maxCommittedEpoch, long safeEpoch);

    /** Writes a checkpoint of (part of) the delta log, then deletes the deltas it folded. */
    void checkpoint();

    long versionId();

    /** The SST object ids of every version this history wrote, for tests that check what a backup pinned. */
    java.util.Map<Long, java.util.SortedSet<Long>> objectIdsByVersion();
}
