package dev.metasnap.core.manifest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code manifest.json}: every committed snapshot, plus the highest snapshot id ever handed
 * out so that ids only grow even after deletes and failed runs.
 */
public record BackupManifest(long manifestId, long lastSnapshotId, List<SnapshotMetadata> snapshotMetadata) {

    public BackupManifest {
        snapshotMetadata = snapshotMetadata == null ? List.of()
                : snapshotMetadata.stream().sorted(Comparator.comparingLong(SnapshotMetadata::id)).toList();
        long highest = snapshotMetadata.stream().mapToLong(SnapshotMetadata::id).max().orElse(0);
        lastSnapshotId = Math.max(lastSnapshotId, highest);
    }

    public static BackupManifest empty() {
        return new BackupManifest(0, 0, List.of());
    }

    public Optional<SnapshotMetadata> find(long id) {
        return snapshotMetadata.stream().filter(s -> s.id() == id).findFirst();
    }

    public List<Long> ids() {
        return snapshotMetadata.stream().map(SnapshotMetadata::id).toList();
    }

    /** A manifest that hands out the next id; returns it with the id. */
    public BackupManifest reserveNextId() {
        return new BackupManifest(manifestId + 1, lastSnapshotId + 1, snapshotMetadata);
    }

    public BackupManifest without(java.util.Collection<Long> ids) {
        List<SnapshotMetadata> entries = new ArrayList<>(snapshotMetadata);
        entries.removeIf(s -> ids.contains(s.id()));
        return entries.size() == snapshotMetadata.size() ? this : new BackupManifest(manifestId + 1, lastSnapshotId, entries);
    }

    /** SST ids pinned by any snapshot, ascending. */
    public java.util.SortedSet<Long> pinnedSsts() {
        java.util.SortedSet<Long> pinned = new java.util.TreeSet<>();
        snapshotMetadata.forEach(s -> pinned.addAll(s.ssts()));
        return pinned;
    }

    public BackupManifest with(SnapshotMetadata entry) {
        List<SnapshotMetadata> entries = new ArrayList<>(snapshotMetadata);
        entries.removeIf(s -> s.id() == entry.id());
        entries.add(entry);
        return new BackupManifest(manifestId + 1, lastSnapshotId, entries);
    }
}
