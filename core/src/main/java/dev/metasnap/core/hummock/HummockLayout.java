package dev.metasnap.core.hummock;

import dev.metasnap.config.HummockLocation;

/**
 * One encoding of a cluster's hummock version: the checkpoint object, the deltas in
 * {@code cf/hummock_1/} and their keys, and where SST objects live. metasnap recognises the
 * layout of a cluster by itself ({@link HummockLayouts#detect}); see docs/cluster-layout.md.
 */
public interface HummockLayout {

    /** The name recorded in manifest entries and printed to operators. */
    String name();

    /** The key suffix (after {@code cf/hummock_1/}) of delta {@code id}. */
    byte[] deltaKeySuffix(long id);

    /** @throws HummockFormatException when the bytes are not a checkpoint of this layout */
    VersionBuilder checkpoint(byte[] bytes);

    /** @throws HummockFormatException when the bytes are not a delta of this layout */
    Delta decodeDelta(byte[] bytes);

    /** The object key of an SST in hummock storage. */
    String sstPath(HummockLocation location, long objectId);

    /** What the version chain needs of a decoded delta; the layout keeps the rest. */
    interface Delta {
        long id();

        long prevId();
    }

    /** A version being built from a checkpoint by applying deltas in chain order. */
    interface VersionBuilder {
        long id();

        /** @throws HummockInconsistencyException when the delta does not follow this version */
        void apply(Delta delta);

        HummockVersion version();

        /** The checkpoint object of this version, as the cluster itself would write it. */
        byte[] checkpoint();
    }
}
