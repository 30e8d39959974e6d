package dev.metasnap.core.hummock.rw;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable {@code HummockVersion}. {@link #apply} copies the whole version; to fold many deltas use
 * {@link #applyAll} or {@link RwVersionBuilder}, which change one mutable copy.
 */
public final class RwVersion {

    private final long id;
    private final long maxCommittedEpoch;
    private final long safeEpoch;
    private final SortedMap<Long, RwGroup> groups;
    private final SortedMap<Integer, RwStateTableInfo> stateTableInfo;
    private final SortedMap<Integer, List<RwChangeLog>> tableChangeLogs;
    private final byte[] tableWatermarks;
    private final SortedSet<Long> objectIds;

    RwVersion(long id, long maxCommittedEpoch, long safeEpoch, SortedMap<Long, RwGroup> groups,
              SortedMap<Integer, RwStateTableInfo> stateTableInfo, SortedMap<Integer, List<RwChangeLog>> tableChangeLogs,
              byte[] tableWatermarks) {
        this.id = id;
        this.maxCommittedEpoch = maxCommittedEpoch;
        this.safeEpoch = safeEpoch;
        this.groups = Collections.unmodifiableSortedMap(new TreeMap<>(groups));
        this.stateTableInfo = Collections.unmodifiableSortedMap(new TreeMap<>(stateTableInfo));
        TreeMap<Integer, List<RwChangeLog>> logs = new TreeMap<>();
        tableChangeLogs.forEach((table, log) -> logs.put(table, List.copyOf(log)));
        this.tableChangeLogs = Collections.unmodifiableSortedMap(logs);
        this.tableWatermarks = tableWatermarks.clone();
        this.objectIds = Collections.unmodifiableSortedSet(collectObjectIds());
    }

    /** A version with only compaction groups, for tests and generated clusters. */
    public static RwVersion empty(long id, long maxCommittedEpoch, long safeEpoch, SortedMap<Long, RwGroup> groups) {
        return new RwVersion(id, maxCommittedEpoch, safeEpoch, groups, new TreeMap<>(), new TreeMap<>(), new byte[0]);
    }

    public long id() {
        return id;
    }

    public long maxCommittedEpoch() {
        return maxCommittedEpoch;
    }

    public long safeEpoch() {
        return safeEpoch;
    }

    public SortedMap<Long, RwGroup> groups() {
        return groups;
    }

    /** Per state table (1.10+); empty for older versions. */
    public SortedMap<Integer, RwStateTableInfo> stateTableInfo() {
        return stateTableInfo;
    }

    /** Per table (1.9+); empty when no table keeps a change log. */
    public SortedMap<Integer, List<RwChangeLog>> tableChangeLogs() {
        return tableChangeLogs;
    }

    /**
     * The checkpoint's table_watermarks fields verbatim. Deltas' watermarks are not merged in (that needs
     * RisingWave's vnode-bitmap rules), so after {@link #apply} these are the checkpoint's.
     */
    public byte[] tableWatermarks() {
        return tableWatermarks.clone();
    }

    byte[] tableWatermarkBytes() {
        return tableWatermarks;
    }

    /** The distinct object ids (the {@code .data} files) this version references: what a snapshot pins. */
    public SortedSet<Long> objectIds() {
        return objectIds;
    }

    /** This version with one delta applied; throws HummockInconsistencyException when it does not follow. */
    public RwVersion apply(RwDelta delta) {
        return RwVersionBuilder.from(this).apply(delta).build();
    }

    /**
     * This version with the deltas applied in id order, ignoring those at or below its id (leftovers of the
     * delta log already folded into a checkpoint); a gap in the chain throws HummockInconsistencyException.
     */
    public RwVersion applyAll(Collection<RwDelta> deltas) {
        return RwVersionBuilder.from(this).applyInIdOrder(deltas).build();
    }

    private TreeSet<Long> collectObjectIds() {
        TreeSet<Long> ids = new TreeSet<>();
        for (RwGroup group : groups.values()) {
            for (RwLevel level : group.l0SubLevels()) {
                level.ssts().forEach(sst -> ids.add(sst.objectId()));
            }
            for (RwLevel level : group.levels()) {
                level.ssts().forEach(sst -> ids.add(sst.objectId()));
            }
        }
        for (List<RwChangeLog> log : tableChangeLogs.values()) {
            for (RwChangeLog entry : log) {
                entry.oldValue().forEach(sst -> ids.add(sst.objectId()));
                entry.newValue().forEach(sst -> ids.add(sst.objectId()));
            }
        }
        return ids;
    }

    @Override
    public String toString() {
        return "RwVersion[id " + id + ", epoch " + maxCommittedEpoch + ", safe " + safeEpoch + ", groups "
                + groups.keySet() + ", " + objectIds.size() + " objects]";
    }
}
