package dev.metasnap.core.hummock.rw;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One {@code HummockVersionDelta} (a value of {@code cf/hummock_1}). {@code newTableWatermarks} holds
 * the delta's table_watermarks fields verbatim: kept for a faithful re-encode, not applied.
 */
public record RwDelta(long id, long prevId, long maxCommittedEpoch, long safeEpoch, boolean trivialMove,
                      SortedMap<Long, List<RwGroupDelta>> groupDeltas, List<Integer> removedTableIds,
                      SortedMap<Integer, RwChangeLogDelta> changeLogDelta,
                      SortedMap<Integer, RwStateTableInfo> stateTableInfoDelta, byte[] newTableWatermarks) {

    public RwDelta {
        TreeMap<Long, List<RwGroupDelta>> copy = new TreeMap<>();
        groupDeltas.forEach((group, deltas) -> copy.put(group, List.copyOf(deltas)));
        groupDeltas = Collections.unmodifiableSortedMap(copy);
        removedTableIds = List.copyOf(removedTableIds);
        changeLogDelta = Collections.unmodifiableSortedMap(new TreeMap<>(changeLogDelta));
        stateTableInfoDelta = Collections.unmodifiableSortedMap(new TreeMap<>(stateTableInfoDelta));
        newTableWatermarks = newTableWatermarks.clone();
    }

    /** A delta that touches only compaction groups (no table-level changes), as before 1.9. */
    public RwDelta(long id, long prevId, long maxCommittedEpoch, long safeEpoch, boolean trivialMove,
                   SortedMap<Long, List<RwGroupDelta>> groupDeltas) {
        this(id, prevId, maxCommittedEpoch, safeEpoch, trivialMove, groupDeltas, List.of(), new TreeMap<>(),
                new TreeMap<>(), new byte[0]);
    }

    @Override
    public byte[] newTableWatermarks() {
        return newTableWatermarks.clone();
    }

    byte[] newTableWatermarkBytes() {
        return newTableWatermarks;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RwDelta d && id == d.id && prevId == d.prevId && maxCommittedEpoch == d.maxCommittedEpoch
                && safeEpoch == d.safeEpoch && trivialMove == d.trivialMove && groupDeltas.equals(d.groupDeltas)
                && removedTableIds.equals(d.removedTableIds) && changeLogDelta.equals(d.changeLogDelta)
                && stateTableInfoDelta.equals(d.stateTableInfoDelta)
                && Arrays.equals(newTableWatermarks, d.newTableWatermarks);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + groupDeltas.hashCode();
    }

    @Override
    public String toString() {
        return "RwDelta[id " + id + ", prev " + prevId + ", epoch " + maxCommittedEpoch + ", safe " + safeEpoch
                + (trivialMove ? ", trivial move" : "") + ", groups " + groupDeltas + "]";
    }
}
