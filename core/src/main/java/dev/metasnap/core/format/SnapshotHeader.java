package dev.metasnap.core.format;

/** The first frame of a snapshot object: what it is and where it came from. */
public record SnapshotHeader(
        int formatVersion,
        long snapshotId,
        String clusterId,
        long etcdRevision,
        String rootPrefix,
        String createdAt,
        String createdBy) {
}
