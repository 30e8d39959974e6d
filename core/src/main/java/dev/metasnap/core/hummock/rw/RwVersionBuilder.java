package dev.metasnap.core.hummock.rw;

import dev.metasnap.core.hummock.HummockFormatException;
import dev.metasnap.core.hummock.HummockInconsistencyException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds deltas into one mutable copy of a version, the way RisingWave 1.x's
 * {@code HummockVersion::apply_version_delta} does for everything that decides which SSTs are referenced.
 * Each delta costs time in the size of the levels it touches, not of the whole version, so 10k deltas on a
 * version of 10k SSTs stay cheap; {@link RwVersion#apply} instead copies the whole version per delta.
 */
public final class RwVersionBuilder {

    /** CompactionConfig's default max_level, used when a group_construct carries no config. */
    static final int DEFAULT_MAX_LEVEL = 6;
    /** u64::MAX as an l0_sub_level_id means "no sub-level". */
    private static final long NO_SUB_LEVEL = -1L;

    private long id;
    private long maxCommittedEpoch;
    private long safeEpoch;
    private final TreeMap<Long, Group> groups = new TreeMap<>();
    private final TreeMap<Integer, RwStateTableInfo> stateTableInfo;
    private final TreeMap<Integer, List<RwChangeLog>> changeLogs = new TreeMap<>();
    private final byte[] tableWatermarks;

    private RwVersionBuilder(RwVersion version) {
        id = version.id();
        maxCommittedEpoch = version.maxCommittedEpoch();
        safeEpoch = version.safeEpoch();
        version.groups().forEach((groupId, group) -> groups.put(groupId, new Group(group)));
        stateTableInfo = new TreeMap<>(version.stateTableInfo());
        version.tableChangeLogs().forEach((table, log) -> changeLogs.put(table, new ArrayList<>(log)));
        tableWatermarks = version.tableWatermarkBytes();
    }

    public static RwVersionBuilder from(RwVersion version) {
        return new RwVersionBuilder(version);
    }

    public long id() {
        return id;
    }

    /**
     * Applies the deltas in id order (etcd key order is not id order), skipping those at or below the current
     * id: leftovers of the delta log that a checkpoint already holds.
     */
    public RwVersionBuilder applyInIdOrder(Collection<RwDelta> deltas) {
        List<RwDelta> sorted = new ArrayList<>(deltas);
        sorted.sort(Comparator.comparingLong(RwDelta::id));
        for (RwDelta delta : sorted) {
            if (delta.id() > id) {
                apply(delta);
            }
        }
        return this;
    }

    public RwVersionBuilder apply(RwDelta delta) {
        if (delta.prevId() != id) {
            throw new HummockInconsistencyException("hummock delta " + delta.id() + " follows version "
                    + delta.prevId() + ", but the version is " + id);
        }
        // Before the groups: from 1.10 a split finds its moved tables in the state table info.
        Map<Integer, RwStateTableInfo> previousInfo = applyStateTableInfo(delta);
        for (Map.Entry<Long, List<RwGroupDelta>> entry : delta.groupDeltas().entrySet()) {
            applyGroup(delta, entry.getKey(), entry.getValue());
        }
        id = delta.id();
        maxCommittedEpoch = delta.maxCommittedEpoch();
        safeEpoch = delta.safeEpoch();
        applyChangeLogs(delta, previousInfo);
        return this;
    }

    public RwVersion build() {
        TreeMap<Long, RwGroup> frozen = new TreeMap<>();
        groups.forEach((groupId, group) -> frozen.put(groupId, group.freeze()));
        return new RwVersion(id, maxCommittedEpoch, safeEpoch, frozen, stateTableInfo, changeLogs, tableWatermarks);
    }

    /** Returns each changed table's info from before the delta (null: it had none). */
    private Map<Integer, RwStateTableInfo> applyStateTableInfo(RwDelta delta) {
        Map<Integer, RwStateTableInfo> previous = new HashMap<>();
        delta.stateTableInfoDelta().forEach((table, info) -> previous.put(table, stateTableInfo.put(table, info)));
        for (int table : delta.removedTableIds()) {
            previous.put(table, stateTableInfo.remove(table));
        }
        return previous;
    }

    private void applyGroup(RwDelta delta, long groupId, List<RwGroupDelta> deltas) {
        Summary summary = new Summary(delta, groupId, deltas);
        if (summary.construct != null) {
            construct(groupId, summary.construct);
        }
        Group group = groups.get(groupId);
        if (group == null) {
            throw new HummockInconsistencyException("hummock delta " + delta.id() + " changes compaction group "
                    + groupId + ", which version " + id + " does not have");
        }
        for (byte[] change : summary.metaChanges) {
            List<List<Integer>> addRemove = RwHummockCodec.decodeGroupMetaChange(change);
            group.members.addAll(addRemove.get(0));
            group.members.removeAll(addRemove.get(1));
            group.members.sort(null);
        }
        if (Long.compareUnsigned(delta.maxCommittedEpoch(), maxCommittedEpoch) < 0) {
            throw new HummockInconsistencyException("hummock delta " + delta.id() + " lowers max_committed_epoch from "
                    + Long.toUnsignedString(maxCommittedEpoch) + " to " + Long.toUnsignedString(delta.maxCommittedEpoch()));
        }
        if (delta.maxCommittedEpoch() != maxCommittedEpoch) {
            commitEpoch(delta, group, summary);
        } else {
            compact(delta, group, summary);
        }
        if (summary.destroy) {
            groups.remove(groupId);
        }
    }

    /** A raised max_committed_epoch: the inserted SSTs become the newest L0 sub-level, nothing is removed. */
    private void commitEpoch(RwDelta delta, Group group, Summary summary) {
        if (!summary.inserted.isEmpty() && summary.insertLevel != 0) {
            throw new HummockInconsistencyException("hummock delta " + delta.id() + " commits an epoch into level "
                    + summary.insertLevel + " of group " + group.groupId + "; an epoch commit inserts into L0 only");
        }
        if (!summary.deleteSstIds.isEmpty() && !summary.destroy) {
            throw new HummockInconsistencyException("hummock delta " + delta.id() + " commits an epoch and removes SSTs "
                    + new TreeSet<>(summary.deleteSstIds) + " from group " + group.groupId);
        }
        if (summary.inserted.isEmpty() || summary.insertSubLevel == NO_SUB_LEVEL) {
            return;
        }
        if (!group.l0.isEmpty()) {
            long newest = group.l0.get(group.l0.size() - 1).subLevelId;
            if (Long.compareUnsigned(newest, summary.insertSubLevel) >= 0) {
                throw new HummockInconsistencyException("hummock delta " + delta.id() + " adds L0 sub-level "
                        + Long.toUnsignedString(summary.insertSubLevel) + " to group " + group.groupId
                        + ", not newer than its sub-level " + Long.toUnsignedString(newest));
            }
        }
        group.l0.add(new Level(0, RwLevel.OVERLAPPING, summary.insertSubLevel, summary.inserted));
    }

    /** An unchanged max_committed_epoch: a compaction or trivial move replaces SSTs by sst_id. */
    private void compact(RwDelta delta, Group group, Summary summary) {
        // RisingWave drops (with a warning) a compaction whose input SSTs are already gone: an expired task.
        if (!allPresent(delta, group, summary)) {
            return;
        }
        for (int levelIdx : summary.deleteLevels) {
            if (levelIdx == 0) {
                group.l0.forEach(sub -> sub.ssts.removeIf(sst -> summary.deleteSstIds.contains(sst.sstId())));
            } else {
                level(delta, group, levelIdx).ssts.removeIf(sst -> summary.deleteSstIds.contains(sst.sstId()));
            }
        }
        if (!summary.inserted.isEmpty()) {
            Level target = summary.insertLevel == 0 ? subLevel(delta, group, summary.insertSubLevel)
                    : level(delta, group, summary.insertLevel);
            RwKeyOrder.insertSorted(target.ssts, summary.inserted);
            if (target.levelType == RwLevel.OVERLAPPING) {
                target.levelType = RwLevel.NONOVERLAPPING;
            }
        }
        if (summary.deleteLevels.contains(0)) {
            group.l0.removeIf(sub -> sub.ssts.isEmpty());
        }
    }

    private boolean allPresent(RwDelta delta, Group group, Summary summary) {
        Set<Long> missing = new HashSet<>(summary.deleteSstIds);
        for (int levelIdx : summary.deleteLevels) {
            if (levelIdx == 0) {
                group.l0.forEach(sub -> sub.ssts.forEach(sst -> missing.remove(sst.sstId())));
            } else {
                level(delta, group, levelIdx).ssts.forEach(sst -> missing.remove(sst.sstId()));
            }
        }
        return missing.isEmpty();
    }

    private static Level level(RwDelta delta, Group group, int levelIdx) {
        if (levelIdx < 1 || levelIdx > group.levels.size()) {
            throw new HummockInconsistencyException("hummock delta " + delta.id() + " names level " + levelIdx
                    + " of group " + group.groupId + ", which has levels 1.." + group.levels.size());
        }
        return group.levels.get(levelIdx - 1);
    }

    private static Level subLevel(RwDelta delta, Group group, long subLevelId) {
        for (Level sub : group.l0) {
            if (sub.subLevelId == subLevelId) {
                return sub;
            }
        }
        throw new HummockInconsistencyException("hummock delta " + delta.id() + " inserts into L0 sub-level "
                + Long.toUnsignedString(subLevelId) + " of group " + group.groupId + ", which it does not have");
    }

    private void construct(long groupId, RwGroupDelta.GroupConstruct construct) {
        Group parent = construct.parentGroupId() == 0 ? null : groups.get(construct.parentGroupId());
        long maxLevel = RwHummockCodec.maxLevel(construct.groupConfig());
        if (maxLevel == 0) {
            maxLevel = parent != null ? parent.levels.size() : DEFAULT_MAX_LEVEL;
        }
        Group group = new Group(groupId, construct.parentGroupId(), construct.tableIds(), (int) maxLevel);
        groups.put(groupId, group);
        if (parent == null || parent == group) {
            return;
        }
        Set<Integer> moved = new HashSet<>();
        if (construct.compatibilityVersion() >= RwGroupDelta.GroupConstruct.NO_MEMBER_TABLE_IDS) {
            stateTableInfo.forEach((table, info) -> {
                if (info.compactionGroupId() == groupId) {
                    moved.add(table);
                }
            });
        } else {
            moved.addAll(construct.tableIds());
        }
        boolean trivialSplit = construct.compatibilityVersion() < RwGroupDelta.GroupConstruct.NO_TRIVIAL_SPLIT;
        branch(parent, group, moved, construct.newSstStartId(), trivialSplit);
    }

    /**
     * A split: every parent SST holding a moved table gets a copy in the new group, under a new sst_id, and
     * keeps a new sst_id itself; a legacy trivial split instead takes away an SST whose tables all move.
     * Object ids never change, so the two groups then share objects.
     */
    private static void branch(Group parent, Group group, Set<Integer> moved, long newSstStartId, boolean trivialSplit) {
        long[] nextSstId = {newSstStartId};
        for (Level sub : parent.l0) {
            List<RwSst> branched = split(sub, moved, trivialSplit, nextSstId);
            if (branched.isEmpty()) {
                continue;
            }
            int position = 0;
            Level same = null;
            for (; position < group.l0.size(); position++) {
                int order = Long.compareUnsigned(group.l0.get(position).subLevelId, sub.subLevelId);
                if (order == 0) {
                    same = group.l0.get(position);
                }
                if (order >= 0) {
                    break;
                }
            }
            if (same != null && same.levelType == RwLevel.NONOVERLAPPING) {
                RwKeyOrder.insertSorted(same.ssts, branched);
            } else if (same != null) {
                same.ssts.addAll(branched);
            } else {
                group.l0.add(position, new Level(0, sub.levelType, sub.subLevelId, branched));
            }
        }
        for (int i = 0; i < parent.levels.size(); i++) {
            List<RwSst> branched = split(parent.levels.get(i), moved, trivialSplit, nextSstId);
            if (branched.isEmpty()) {
                continue;
            }
            if (i >= group.levels.size()) {
                throw new HummockInconsistencyException("compaction group " + group.groupId + " has "
                        + group.levels.size() + " levels, too few for the SSTs of level " + (i + 1)
                        + " of its parent group " + parent.groupId);
            }
            RwKeyOrder.insertSorted(group.levels.get(i).ssts, branched);
        }
    }

    private static List<RwSst> split(Level level, Set<Integer> moved, boolean trivialSplit, long[] nextSstId) {
        List<RwSst> branched = new ArrayList<>();
        for (ListIterator<RwSst> it = level.ssts.listIterator(); it.hasNext(); ) {
            RwSst sst = it.next();
            long movedTables = sst.tableIds().stream().filter(moved::contains).count();
            if (movedTables == 0) {
                continue;
            }
            branched.add(sst.withSstId(nextSstId[0]++));
            if (trivialSplit && movedTables == sst.tableIds().size()) {
                it.remove();
            } else {
                it.set(sst.withSstId(nextSstId[0]++));
            }
        }
        return branched;
    }

    private void applyChangeLogs(RwDelta delta, Map<Integer, RwStateTableInfo> previousInfo) {
        delta.changeLogDelta().forEach((table, change) ->
                changeLogs.computeIfAbsent(table, t -> new ArrayList<>()).add(change.newLog()));
        // A table whose committed epoch moved on without a new log entry no longer keeps a change log.
        changeLogs.keySet().removeIf(table -> {
            if (delta.removedTableIds().contains(table)) {
                return true;
            }
            RwStateTableInfo now = delta.stateTableInfoDelta().get(table);
            RwStateTableInfo before = previousInfo.get(table);
            boolean progressed = now != null && before != null
                    && Long.compareUnsigned(now.committedEpoch(), before.committedEpoch()) > 0;
            return progressed && !delta.changeLogDelta().containsKey(table);
        });
        delta.changeLogDelta().forEach((table, change) -> {
            List<RwChangeLog> log = changeLogs.get(table);
            if (log != null) {
                truncate(log, change.truncateEpoch());
            }
        });
    }

    /** Keeps only what is later than the truncate epoch: whole entries, then epochs of the first entry. */
    private static void truncate(List<RwChangeLog> log, long truncateEpoch) {
        log.removeIf(entry -> Long.compareUnsigned(entry.lastEpoch(), truncateEpoch) <= 0);
        if (!log.isEmpty()) {
            RwChangeLog first = log.get(0);
            List<Long> epochs = first.epochs().stream()
                    .filter(epoch -> Long.compareUnsigned(epoch, truncateEpoch) > 0).toList();
            log.set(0, new RwChangeLog(first.oldValue(), first.newValue(), epochs));
        }
    }

    /** The group deltas of one group folded together, as RisingWave's summarize_group_deltas does. */
    private static final class Summary {
        final Set<Integer> deleteLevels = new TreeSet<>();
        final Set<Long> deleteSstIds = new HashSet<>();
        int insertLevel;
        long insertSubLevel = NO_SUB_LEVEL;
        final List<RwSst> inserted = new ArrayList<>();
        RwGroupDelta.GroupConstruct construct;
        boolean destroy;
        final List<byte[]> metaChanges = new ArrayList<>();

        Summary(RwDelta delta, long groupId, List<RwGroupDelta> deltas) {
            for (RwGroupDelta groupDelta : deltas) {
                if (groupDelta instanceof RwGroupDelta.IntraLevel intra) {
                    if (!intra.removedSstIds().isEmpty()) {
                        deleteLevels.add(intra.levelIdx());
                        deleteSstIds.addAll(intra.removedSstIds());
                    }
                    if (!intra.inserted().isEmpty()) {
                        insertLevel = intra.levelIdx();
                        insertSubLevel = intra.l0SubLevelId();
                        inserted.addAll(intra.inserted());
                    }
                } else if (groupDelta instanceof RwGroupDelta.GroupConstruct c) {
                    if (construct != null) {
                        throw new HummockInconsistencyException("hummock delta " + delta.id()
                                + " constructs compaction group " + groupId + " twice");
                    }
                    construct = c;
                } else if (groupDelta instanceof RwGroupDelta.GroupDestroy) {
                    destroy = true;
                } else if (groupDelta instanceof RwGroupDelta.Other other) {
                    if (other.fieldNumber() == RwGroupDelta.Other.GROUP_META_CHANGE) {
                        metaChanges.add(other.encoded());
                    } else if (other.fieldNumber() != RwGroupDelta.Other.GROUP_TABLE_CHANGE) {
                        // Ignoring a kind we do not know could drop SSTs from the pinned set.
                        throw new HummockFormatException("hummock delta " + delta.id() + ": group " + groupId
                                + " has a group delta of kind " + other.fieldNumber()
                                + ", which this build of metasnap does not understand");
                    }
                }
            }
        }
    }

    private static final class Level {
        final int levelIdx;
        int levelType;
        final long subLevelId;
        final List<RwSst> ssts;

        Level(int levelIdx, int levelType, long subLevelId, List<RwSst> ssts) {
            this.levelIdx = levelIdx;
            this.levelType = levelType;
            this.subLevelId = subLevelId;
            this.ssts = new ArrayList<>(ssts);
        }

        Level(RwLevel level) {
            this(level.levelIdx(), level.levelType(), level.subLevelId(), level.ssts());
        }

        RwLevel freeze() {
            return new RwLevel(levelIdx, levelType, subLevelId, ssts);
        }
    }

    private static final class Group {
        final long groupId;
        final long parentGroupId;
        final List<Integer> members;
        final List<Level> l0 = new ArrayList<>();
        final List<Level> levels = new ArrayList<>();

        Group(RwGroup group) {
            groupId = group.groupId();
            parentGroupId = group.parentGroupId();
            members = new ArrayList<>(group.memberTableIds());
            group.l0SubLevels().forEach(sub -> l0.add(new Level(sub)));
            group.levels().forEach(level -> levels.add(new Level(level)));
        }

        Group(long groupId, long parentGroupId, List<Integer> members, int maxLevel) {
            this.groupId = groupId;
            this.parentGroupId = parentGroupId;
            this.members = new ArrayList<>(members);
            for (int idx = 1; idx <= maxLevel; idx++) {
                levels.add(new Level(idx, RwLevel.NONOVERLAPPING, 0, List.of()));
            }
        }

        RwGroup freeze() {
            return new RwGroup(groupId, parentGroupId, members, l0.stream().map(Level::freeze).toList(),
                    levels.stream().map(Level::freeze).toList());
        }
    }
}
