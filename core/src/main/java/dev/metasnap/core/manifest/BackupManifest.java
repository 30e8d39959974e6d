package dev.metasnap.core.manifest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * {@code manifest.json}: every committed snapshot, plus the highest snapshot id ever handed
 * out so that ids only grow even after deletes and failed runs. Entries keep the file's order:
 * RisingWave's time travel uses the first entry that covers an epoch, and a manifest RisingWave
 * wrote may hold an id twice.
 */
public record BackupManifest(long manifestId, long lastSnapshotId, List<SnapshotMetadata> snapshotMetadata) {

    public BackupManifest {
        snapshotMetadata = snapshotMetadata == null ? List.of() : List.copyOf(snapshotMetadata);
        long highest = snapshotMetadata.stream().mapToLong(SnapshotMetadata::id).max().orElse(0);
        lastSnapshotId = Math.max(lastSnapshotId, highest);
    }

    public static BackupManifest empty() {
        return new BackupManifest(0, 0, List.of());
    }

    /** The first entry with this id, the one RisingWave's restore uses too. */
    public Optional<SnapshotMetadata> find(long id) {
        return snapshotMetadata.stream().filter(s -> s.id() == id).findFirst();
    }

    public List<Long> ids() {
        return snapshotMetadata.stream().map(SnapshotMetadata::id).toList();
    }

    /** A manifest that hands out the next id; returns it with the id. */
    public BackupManifest reserveNextId() {
        return reserveNextId(0);
    }

    /**
     * A manifest that hands out the next id above every id it knows and above {@code floor}
     * (RisingWave's stored backup id generator), so the id never equals one RisingWave handed out.
     */
    public BackupManifest reserveNextId(long floor) {
        return new BackupManifest(manifestId + 1, Math.max(lastSnapshotId, floor) + 1, snapshotMetadata);
    }

    /** Without every entry of these ids, as RisingWave's delete removes every entry of an id. */
    public BackupManifest without(Collection<Long> ids) {
        List<SnapshotMetadata> entries = new ArrayList<>(snapshotMetadata);
        entries.removeIf(s -> ids.contains(s.id()));
        return entries.size() == snapshotMetadata.size() ? this : new BackupManifest(manifestId + 1, lastSnapshotId, entries);
    }

    /** SST ids pinned by any snapshot, ascending. */
    public SortedSet<Long> pinnedSsts() {
        SortedSet<Long> pinned = new TreeSet<>();
        snapshotMetadata.forEach(s -> pinned.addAll(s.ssts()));
        return pinned;
    }

    /**
     * With {@code entry} in place of the entry of its id, or added before the first entry of a higher id. An entry RisingWave made is
     * never replaced (RisingWave and its time travel read it as it wrote it): then this manifest
     * is returned unchanged, so nothing is written; e.g. a verification of it is reported, not recorded.
     */
    public BackupManifest with(SnapshotMetadata entry) {
        List<SnapshotMetadata> entries = new ArrayList<>(snapshotMetadata);
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).id() == entry.id()) {
                if (!entries.get(i).metasnapMade()) {
                    return this;
                }
                entries.set(i, entry);
                return new BackupManifest(manifestId + 1, lastSnapshotId, entries);
            }
        }
        // before the first higher id: a manifest in id order stays so (a restarted backup may commit a lower id late);
        // never before an entry RisingWave made: its time travel takes the first entry that covers an epoch
        int at = 0;
        while (at < entries.size() && entries.get(at).id() < entry.id()) {
            at++;
        }
        if (entries.stream().skip(at).anyMatch(e -> !e.metasnapMade())) {
            at = entries.size();
        }
        entries.add(at, entry);
        return new BackupManifest(manifestId + 1, lastSnapshotId, entries);
    }
}
