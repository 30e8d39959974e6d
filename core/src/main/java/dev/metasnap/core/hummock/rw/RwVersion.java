package dev.metasnap.core.hummock.rw;

import dev.metasnap.core.hummock.StateTableInfo;
import dev.metasnap.core.hummock.proto.Hummock;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable {@code HummockVersion} and the objects it references. {@link #apply} copies the whole
 * version; to fold many deltas use {@link #applyAll} or {@link RwVersionBuilder}, which change one
 * mutable copy.
 */
public final class RwVersion {

    private final Hummock.HummockVersion message;
    private final SortedSet<Long> objectIds;

    public RwVersion(Hummock.HummockVersion message) {
        this.message = message;
        this.objectIds = Collections.unmodifiableSortedSet(collectObjectIds(message));
    }

    /** The version as decoded or built, fields this build does not know included. */
    public Hummock.HummockVersion message() {
        return message;
    }

    public long id() {
        return message.getId();
    }

    public long maxCommittedEpoch() {
        return message.getMaxCommittedEpoch();
    }

    public long safeEpoch() {
        return message.getSafeEpoch();
    }

    /** The levels of each compaction group, by group id. */
    public SortedMap<Long, Hummock.HummockVersion.Levels> groups() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(message.getLevelsMap()));
    }

    /** Per state table (1.10+); empty for older versions. */
    public SortedMap<Integer, StateTableInfo> stateTableInfo() {
        TreeMap<Integer, StateTableInfo> tables = new TreeMap<>();
        message.getStateTableInfoMap().forEach((table, info) ->
                tables.put(table, new StateTableInfo(info.getCommittedEpoch(), info.getSafeEpoch(), info.getCompactionGroupId())));
        return Collections.unmodifiableSortedMap(tables);
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

    /** The SSTs of every level and sub-level, and of the table change logs (1.9+), which pin theirs too. */
    private static TreeSet<Long> collectObjectIds(Hummock.HummockVersion version) {
        TreeSet<Long> ids = new TreeSet<>();
        for (Hummock.HummockVersion.Levels group : version.getLevelsMap().values()) {
            for (Hummock.Level level : group.getL0().getSubLevelsList()) {
                level.getTableInfosList().forEach(sst -> ids.add(sst.getObjectId()));
            }
            for (Hummock.Level level : group.getLevelsList()) {
                level.getTableInfosList().forEach(sst -> ids.add(sst.getObjectId()));
            }
        }
        for (Hummock.TableChangeLog log : version.getTableChangeLogsMap().values()) {
            for (Hummock.EpochNewChangeLog entry : log.getChangeLogsList()) {
                entry.getOldValueList().forEach(sst -> ids.add(sst.getObjectId()));
                entry.getNewValueList().forEach(sst -> ids.add(sst.getObjectId()));
            }
        }
        return ids;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RwVersion v && message.equals(v.message);
    }

    @Override
    public int hashCode() {
        return message.hashCode();
    }

    @Override
    public String toString() {
        return "RwVersion[id " + id() + ", epoch " + Long.toUnsignedString(maxCommittedEpoch()) + ", safe "
                + Long.toUnsignedString(safeEpoch()) + ", groups " + groups().keySet() + ", " + objectIds.size() + " objects]";
    }
}
