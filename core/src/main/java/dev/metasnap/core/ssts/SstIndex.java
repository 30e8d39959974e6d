package dev.metasnap.core.ssts;

import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * {@code {backup_storage_directory}/ssts/index.json}: every SST copied into backup storage, by
 * object id, so verify, prune and restore never list millions of objects. Replaced whole with a
 * conditional put, like the manifest, so it is never half-written.
 */
public record SstIndex(int formatVersion, String clusterId, SortedMap<Long, SstIndexEntry> ssts) {

    public static final int FORMAT_VERSION = 1;

    public SstIndex {
        ssts = ssts == null ? new TreeMap<>() : new TreeMap<>(ssts);
    }

    public static SstIndex empty() {
        return new SstIndex(FORMAT_VERSION, null, new TreeMap<>());
    }

    public SstIndex with(Map<Long, SstIndexEntry> added) {
        TreeMap<Long, SstIndexEntry> next = new TreeMap<>(ssts);
        added.forEach((id, e) -> next.merge(id, e, (old, add) -> new SstIndexEntry(add.size(), add.sha256(),
                java.util.stream.Stream.concat(old.snapshots().stream(), add.snapshots().stream()).toList())));
        return new SstIndex(formatVersion, clusterId, next);
    }

    /** This index as the one of {@code cluster}'s SSTs (a location copies the SSTs of one cluster). */
    public SstIndex ofCluster(String cluster) {
        return new SstIndex(formatVersion, cluster, ssts);
    }

    /** This index with {@code snapshot} recorded as a reference of each of {@code ids} it holds. */
    public SstIndex referencedBy(long snapshot, Collection<Long> ids) {
        TreeMap<Long, SstIndexEntry> next = new TreeMap<>(ssts);
        ids.forEach(id -> next.computeIfPresent(id, (k, e) -> e.withSnapshot(snapshot)));
        return new SstIndex(formatVersion, clusterId, next);
    }

    /** This index keeping only the entries {@code keep} accepts; their references limited to {@code snapshots}. */
    public SstIndex retain(Predicate<Long> keep, Collection<Long> snapshots) {
        TreeMap<Long, SstIndexEntry> next = new TreeMap<>();
        ssts.forEach((id, e) -> {
            if (keep.test(id)) {
                next.put(id, new SstIndexEntry(e.size(), e.sha256(), e.snapshots().stream().filter(snapshots::contains).toList()));
            }
        });
        return new SstIndex(formatVersion, next.isEmpty() ? null : clusterId, next);
    }
}
