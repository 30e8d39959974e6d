package dev.metasnap.steps.manifest;

import java.util.List;

/**
 * One manifest entry. The first seven fields keep RisingWave's names; the rest is what an
 * operator needs to trust and find the snapshot. Readers ignore fields they do not know.
 */
public record SnapshotMetadata(
        long id,
        long hummockVersionId,
        List<Long> ssts,
        long maxCommittedEpoch,
        long safeEpoch,
        int formatVersion,
        String remarks,
        String createdAt,
        long etcdRevision,
        String clusterId,
        String rootPrefix,
        long keyCount,
        long kvBlocks,
        long rawBytes,
        long storedBytes,
        long objectBytes,
        String sha256,
        String lastVerifiedAt,
        String lastVerifyResult) {

    /** {@link #lastVerifyResult()} of a snapshot that passed. */
    public static final String VERIFIED_OK = "ok";

    public SnapshotMetadata {
        ssts = ssts == null ? List.of() : List.copyOf(ssts);
    }

    public String objectName() {
        return id + ".snapshot";
    }

    /** This entry with the outcome of a verification at {@code when}. */
    public SnapshotMetadata verified(String when, String result) {
        return new SnapshotMetadata(id, hummockVersionId, ssts, maxCommittedEpoch, safeEpoch, formatVersion, remarks, createdAt,
                etcdRevision, clusterId, rootPrefix, keyCount, kvBlocks, rawBytes, storedBytes, objectBytes, sha256, when, result);
    }
}
