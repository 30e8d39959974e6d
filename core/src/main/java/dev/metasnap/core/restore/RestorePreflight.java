package dev.metasnap.core.restore;

import dev.metasnap.core.manifest.UnsupportedFormatException;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.format.SnapshotFormat;
import dev.metasnap.core.hummock.HummockLayout;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks before a restore writes anything: the snapshot exists in a supported format, the
 * target etcd is reachable and empty (or holds only our own marker), and with integrity
 * validation every pinned SST exists in the target hummock storage.
 */
public final class RestorePreflight {

    /** How many missing SST ids a refusal names; the rest are counted. */
    static final int MISSING_SSTS_NAMED = 10;

    private RestorePreflight() {
    }

    public static SnapshotMetadata snapshot(BackupStorage storage, long id) {
        BackupManifest manifest = storage.readManifest();
        SnapshotMetadata entry = manifest.find(id).orElseThrow(() -> new RestoreRefusedException("snapshot " + id
                + " is not in the manifest of " + storage.describe() + "; snapshots there: "
                + (manifest.ids().isEmpty() ? "none" : manifest.ids().toString()) + " (run 'metasnap list')"));
        if (!entry.metasnapMade()) {
            throw new UnsupportedFormatException("snapshot " + id + " in " + storage.describe() + " was made by RisingWave's own meta backup,"
                    + " whose format this metasnap does not restore yet; restore it with 'risectl meta restore-meta'");
        }
        entry.requireReadable(storage.describe());
        if (entry.formatVersion() != SnapshotFormat.FORMAT_VERSION) {
            throw new RestoreRefusedException("snapshot " + id + " has format version " + entry.formatVersion()
                    + ", which this metasnap does not read (it reads " + SnapshotFormat.FORMAT_VERSION + "); use a matching metasnap");
        }
        HummockLayouts.named(entry.hummockLayout());
        if (storage.store().head(storage.snapshotKey(id)).isEmpty()) {
            throw new RestoreRefusedException("snapshot " + id + " is in the manifest but its object " + storage.snapshotKey(id)
                    + " is missing from " + storage.describe());
        }
        return entry;
    }

    /**
     * Refuses a target prefix other than the one the snapshot was taken under: its keys are
     * written as they were taken, so any other prefix would be checked for emptiness while
     * keys land outside it, possibly over another cluster's.
     */
    public static void requireSamePrefix(SnapshotMetadata entry, String targetPrefix) {
        String source = entry.rootPrefix() == null ? "" : entry.rootPrefix();
        if (!source.equals(targetPrefix)) {
            throw new RestoreRefusedException("snapshot " + entry.id() + " was taken under root prefix '" + source
                    + "' but the target prefix is '" + targetPrefix + "'; its keys are restored under the prefix they were taken with:"
                    + " restore with --root-prefix '" + source + "'" + (source.isEmpty() ? " (or without --root-prefix)" : ""));
        }
    }

    /**
     * Refuses a target that holds keys, unless the only key is the marker of this same job
     * instance (a restart of our own partial restore). Returns whether such a marker was found.
     */
    public static boolean requireEmptyTarget(EtcdGateway etcd, String rootPrefix, long jobInstanceId) {
        Optional<RestoreMarker.Content> marker = RestoreMarker.read(etcd, rootPrefix);
        if (marker.isPresent()) {
            if (marker.get().jobInstanceId() == jobInstanceId) {
                return true;
            }
            throw new RestoreRefusedException("target " + etcd.describe() + " holds a partial restore of snapshot " + marker.get().snapshotId()
                    + " by job instance " + marker.get().jobInstanceId() + " (started " + marker.get().startedAt()
                    + "); restart that job, or empty the target etcd");
        }
        long keys = etcd.count(KeyRange.prefix(rootPrefix));
        if (keys > 0) {
            throw new RestoreRefusedException("target " + etcd.describe() + " is not empty: " + keys + " keys"
                    + (rootPrefix.isEmpty() ? "" : " under prefix '" + rootPrefix + "'")
                    + "; restore only into an empty meta store (create a new etcd, or delete its keys)");
        }
        return false;
    }

    /**
     * Refuses a hummock target that holds another cluster's state: a {@code cluster_id/0} naming
     * another cluster, or a checkpoint without any cluster id to tell whose it is. The snapshot's
     * own cluster (a restore into its original state bucket) is accepted. {@code replace}
     * (--replace-hummock-state) accepts anything.
     */
    public static void requireHummockTargetOf(HummockStorage hummock, SnapshotMetadata entry, boolean replace) {
        if (replace) {
            return;
        }
        java.util.Optional<String> clusterId = hummock.read(HummockStorage.CLUSTER_ID).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8).strip());
        if (clusterId.isPresent() && !clusterId.get().equals(entry.clusterId())) {
            throw new RestoreRefusedException("hummock target " + hummock.location().describe() + " holds the state of another cluster ("
                    + HummockStorage.CLUSTER_ID + " is '" + clusterId.get() + "', snapshot " + entry.id() + " is of '" + entry.clusterId()
                    + "'); restore into an empty location, or add --replace-hummock-state to overwrite its checkpoint and cluster id");
        }
        if (clusterId.isEmpty() && hummock.store().head(hummock.key(HummockStorage.CHECKPOINT)).isPresent()) {
            throw new RestoreRefusedException("hummock target " + hummock.location().describe() + " holds a checkpoint ("
                    + hummock.key(HummockStorage.CHECKPOINT) + ") but no cluster id, so it may be another cluster's; restore into an"
                    + " empty location, or add --replace-hummock-state to overwrite it");
        }
    }

    /** {@code restore --copy-ssts} needs every SST of the snapshot in backup storage. */
    public static void requireSelfContained(SnapshotMetadata entry) {
        if (entry.sstCopy() == null) {
            throw new RestoreRefusedException("snapshot " + entry.id() + " was taken without --copy-ssts, so backup storage holds none of its SSTs;"
                    + " restore it without --copy-ssts into a hummock location that still holds them");
        }
        if (!entry.sstCopy().selfContained()) {
            throw new RestoreRefusedException("snapshot " + entry.id() + " is not self-contained: " + entry.sstCopy().missing().size()
                    + " SST(s) were deleted by the cluster before they could be copied (object ids "
                    + entry.sstCopy().missing().subList(0, Math.min(MISSING_SSTS_NAMED, entry.sstCopy().missing().size()))
                    + "); pick a self-contained snapshot ('metasnap list' shows which), or restore without --copy-ssts");
        }
    }

    /** Every pinned SST must exist in the target hummock storage. */
    public static void requirePinnedSsts(HummockStorage hummock, SnapshotMetadata entry) {
        HummockLayout layout = HummockLayouts.named(entry.hummockLayout());
        List<Long> missing = new ArrayList<>();
        for (long sst : entry.ssts()) {
            if (hummock.store().head(hummock.sstKey(layout, sst)).isEmpty()) {
                missing.add(sst);
            }
        }
        if (!missing.isEmpty()) {
            List<Long> first = missing.subList(0, Math.min(MISSING_SSTS_NAMED, missing.size()));
            throw new RestoreRefusedException(missing.size() + " of " + entry.ssts().size() + " SSTs pinned by snapshot " + entry.id()
                    + " are missing from " + hummock.location().describe() + ": object ids " + first
                    + (missing.size() > first.size() ? " and " + (missing.size() - first.size()) + " more" : "")
                    + " (first path: " + hummock.sstKey(layout, missing.get(0)) + "); the cluster's garbage collector may have"
                    + " deleted them, or the hummock location is wrong: check --hummock-storage-url and --hummock-storage-directory");
        }
    }
}
