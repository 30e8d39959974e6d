package dev.metasnap.core.manifest;

import dev.metasnap.core.format.SnapshotFormat;
import dev.metasnap.core.hummock.StateTableInfo;
import dev.metasnap.core.ssts.SstCopy;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.List;

/**
 * One manifest entry. The first seven fields and {@code state_table_info} keep RisingWave's
 * names and types, so its own manifest parser reads the file; the rest is what an operator
 * needs to trust and find the snapshot. Readers ignore fields they do not know.
 *
 * <p>An entry RisingWave's own backup wrote has none of metasnap's fields: its text fields read as
 * null and its counts as 0, which mean "unknown" there ({@link #metasnapMade()} tells them apart).
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
        String lastVerifyResult,
        String hummockLayout,
        @JsonSerialize(contentUsing = PbjsonStateTableInfo.Writer.class)
        @JsonDeserialize(contentUsing = PbjsonStateTableInfo.Reader.class)
        java.util.SortedMap<Integer, StateTableInfo> stateTableInfo,
        SstCopy sstCopy) {

    /** {@link #lastVerifyResult()} of a snapshot that passed. */
    public static final String VERIFIED_OK = "ok";

    public SnapshotMetadata {
        ssts = ssts == null ? List.of() : List.copyOf(ssts);
        stateTableInfo = stateTableInfo == null ? new java.util.TreeMap<>() : new java.util.TreeMap<>(stateTableInfo);
    }

    /**
     * Whether metasnap took this snapshot: it always records {@code created_at}, RisingWave's backup
     * never does. metasnap never changes an entry it did not make (see {@link BackupManifest#with}).
     */
    public boolean metasnapMade() {
        return createdAt != null;
    }

    /** Whether every SST of this snapshot was copied into backup storage (not when none was asked for). */
    public boolean selfContained() {
        return sstCopy != null && sstCopy.selfContained();
    }

    /** Refuses an entry written by a newer metasnap: nothing this build does with its object can be trusted. */
    public SnapshotMetadata requireReadable(String where) {
        if (formatVersion > SnapshotFormat.FORMAT_VERSION) {
            throw new UnsupportedFormatException("snapshot " + id + " in " + where + " has format_version " + formatVersion
                    + ", newer than this metasnap reads (" + SnapshotFormat.FORMAT_VERSION + "); use the newer metasnap that wrote it");
        }
        return this;
    }

    public String objectName() {
        return id + ".snapshot";
    }

    /** This entry with the outcome of a verification at {@code when}. */
    public SnapshotMetadata verified(String when, String result) {
        return new SnapshotMetadata(id, hummockVersionId, ssts, maxCommittedEpoch, safeEpoch, formatVersion, remarks, createdAt,
                etcdRevision, clusterId, rootPrefix, keyCount, kvBlocks, rawBytes, storedBytes, objectBytes, sha256, when, result,
                hummockLayout, stateTableInfo, sstCopy);
    }
}
