package dev.metasnap.core.hummock.rw;

import dev.metasnap.core.hummock.HummockFormatException;
import dev.metasnap.core.hummock.HummockInconsistencyException;
import dev.metasnap.core.hummock.proto.Hummock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Folds deltas into one mutable copy of a version, the way RisingWave 1.x's
 * {@code HummockVersion::apply_version_delta} does for the levels, their sizes, the state table info
 * and the table change logs. Each delta costs time in the size of the levels it touches, not of the
 * whole version, so 10k deltas on a version of 10k SSTs stay cheap; {@link RwVersion#apply} instead
 * copies the whole version per delta. Table watermarks stay the checkpoint's: merging a delta's needs
 * RisingWave's vnode-bitmap rules, and no SST depends on them. Fields this build does not know are
 * kept on everything the deltas leave in place.
 */
public final class RwVersionBuilder {

    /** CompactionConfig's default max_level, used when a group_construct carries no config. */
    static final int DEFAULT_MAX_LEVEL = 6;
    /** u64::MAX as an l0_sub_level_id means "no sub-level". */
    private static final long NO_SUB_LEVEL = -1L;
    private static final int OVERLAPPING = Hummock.LevelType.LEVEL_TYPE_OVERLAPPING_VALUE;
    private static final int NONOVERLAPPING = Hummock.LevelType.LEVEL_TYPE_NONOVERLAPPING_VALUE;

    /** Everything but the groups and the change logs, which are held apart as builders of their own. */
    private final Hummock.HummockVersion.Builder version;
    private final TreeMap<Long, Hummock.HummockVersion.Levels.Builder> groups = new TreeMap<>();
    private final TreeMap<Integer, Hummock.TableChangeLog.Builder> changeLogs = new TreeMap<>();

    private RwVersionBuilder(Hummock.HummockVersion start) {
        version = start.toBuilder().clearLevels().clearTableChangeLogs();
        start.getLevelsMap().forEach((groupId, group) -> groups.put(groupId, group.toBuilder()));
        start.getTableChangeLogsMap().forEach((table, log) -> changeLogs.put(table, log.toBuilder()));
    }

    public static RwVersionBuilder from(RwVersion version) {
        return new RwVersionBuilder(version.message());
    }

    public long id() {
        return version.getId();
    }

    /**
     * Applies the deltas in id order (etcd key order is not id order), skipping those at or below the current
     * id: leftovers of the delta log that a checkpoint already holds.
     */
    public RwVersionBuilder applyInIdOrder(Collection<RwDelta> deltas) {
        List<RwDelta> sorted = new ArrayList<>(deltas);
        sorted.sort(Comparator.comparingLong(RwDelta::id));
        for (RwDelta delta : sorted) {
            if (delta.id() > id()) {
                apply(delta);
            }
        }
        return this;
    }

    public RwVersionBuilder apply(RwDelta rwDelta) {
        Hummock.HummockVersionDelta delta = rwDelta.message();
        if (delta.getPrevId() != id()) {
            throw new HummockInconsistencyException("hummock delta " + delta.getId() + " follows version "
                    + delta.getPrevId() + ", but the version is " + id());
        }
        // Before the groups: from 1.10 a split finds its moved tables in the state table info.
        Map<Integer, Hummock.StateTableInfo> previousInfo = applyStateTableInfo(delta);
        for (Map.Entry<Long, Hummock.HummockVersionDelta.GroupDeltas> entry : new TreeMap<>(delta.getGroupDeltasMap()).entrySet()) {
            applyGroup(delta, entry.getKey(), entry.getValue().getGroupDeltasList());
        }
        version.setId(delta.getId()).setMaxCommittedEpoch(delta.getMaxCommittedEpoch()).setSafeEpoch(delta.getSafeEpoch());
        applyChangeLogs(delta, previousInfo);
        return this;
    }

    public RwVersion build() {
        Hummock.HummockVersion.Builder built = version.build().toBuilder();
        groups.forEach((groupId, group) -> built.putLevels(groupId, group.build()));
        changeLogs.forEach((table, log) -> built.putTableChangeLogs(table, log.build()));
        return new RwVersion(built.build());
    }

    /** Returns each changed table's info from before the delta (null: it had none). */
    private Map<Integer, Hummock.StateTableInfo> applyStateTableInfo(Hummock.HummockVersionDelta delta) {
        Map<Integer, Hummock.StateTableInfo> previous = new HashMap<>();
        for (int table : delta.getRemovedTableIdsList()) {
            previous.putIfAbsent(table, version.getStateTableInfoMap().get(table));
            version.removeStateTableInfo(table);
        }
        delta.getStateTableInfoDeltaMap().forEach((table, info) -> {
            previous.putIfAbsent(table, version.getStateTableInfoMap().get(table));
            // The two messages share their fields, numbers included: a newer field of the delta is one of the info.
            version.putStateTableInfo(table, Hummock.StateTableInfo.newBuilder().setCommittedEpoch(info.getCommittedEpoch())
                    .setSafeEpoch(info.getSafeEpoch()).setCompactionGroupId(info.getCompactionGroupId())
                    .setUnknownFields(info.getUnknownFields()).build());
        });
        return previous;
    }

    @SuppressWarnings("deprecation") // member_table_ids and GroupMetaChange: 1.10 still maintains them for older deltas
    private void applyGroup(Hummock.HummockVersionDelta delta, long groupId, List<Hummock.GroupDelta> deltas) {
        Summary summary = new Summary(delta, groupId, deltas);
        if (summary.construct != null) {
            construct(groupId, summary.construct);
        }
        Hummock.HummockVersion.Levels.Builder group = groups.get(groupId);
        if (group == null) {
            throw new HummockInconsistencyException("hummock delta " + delta.getId() + " changes compaction group "
                    + groupId + ", which version " + id() + " does not have");
        }
        for (Hummock.GroupMetaChange change : summary.metaChanges) {
            List<Integer> members = new ArrayList<>(group.getMemberTableIdsList());
            members.addAll(change.getTableIdsAddList());
            members.removeAll(change.getTableIdsRemoveList());
            members.sort(null);
            group.clearMemberTableIds().addAllMemberTableIds(members);
        }
        long epoch = version.getMaxCommittedEpoch();
        if (Long.compareUnsigned(delta.getMaxCommittedEpoch(), epoch) < 0) {
            throw new HummockInconsistencyException("hummock delta " + delta.getId() + " lowers max_committed_epoch from "
                    + Long.toUnsignedString(epoch) + " to " + Long.toUnsignedString(delta.getMaxCommittedEpoch()));
        }
        if (delta.getMaxCommittedEpoch() != epoch) {
            commitEpoch(delta, groupId, group, summary);
        } else {
            compact(delta, groupId, group, summary);
        }
        if (summary.destroy) {
            groups.remove(groupId);
        }
    }

    /** A raised max_committed_epoch: the inserted SSTs become the newest L0 sub-level, nothing is removed. */
    private static void commitEpoch(Hummock.HummockVersionDelta delta, long groupId, Hummock.HummockVersion.Levels.Builder group,
                                    Summary summary) {
        if (!summary.inserted.isEmpty() && summary.insertLevel != 0) {
            throw new HummockInconsistencyException("hummock delta " + delta.getId() + " commits an epoch into level "
                    + summary.insertLevel + " of group " + groupId + "; an epoch commit inserts into L0 only");
        }
        if (!summary.deleteSstIds.isEmpty() && !summary.destroy) {
            throw new HummockInconsistencyException("hummock delta " + delta.getId() + " commits an epoch and removes SSTs "
                    + new TreeSet<>(summary.deleteSstIds) + " from group " + groupId);
        }
        if (summary.inserted.isEmpty() || summary.insertSubLevel == NO_SUB_LEVEL) {
            return;
        }
        Hummock.OverlappingLevel.Builder l0 = group.getL0Builder();
        if (l0.getSubLevelsCount() > 0) {
            long newest = l0.getSubLevels(l0.getSubLevelsCount() - 1).getSubLevelId();
            if (Long.compareUnsigned(newest, summary.insertSubLevel) >= 0) {
                throw new HummockInconsistencyException("hummock delta " + delta.getId() + " adds L0 sub-level "
                        + Long.toUnsignedString(summary.insertSubLevel) + " to group " + groupId
                        + ", not newer than its sub-level " + Long.toUnsignedString(newest));
            }
        }
        addSubLevel(l0, l0.getSubLevelsCount(), newSubLevel(summary.insertSubLevel, OVERLAPPING, summary.inserted));
    }

    /** An unchanged max_committed_epoch: a compaction or trivial move replaces SSTs by sst_id. */
    private void compact(Hummock.HummockVersionDelta delta, long groupId, Hummock.HummockVersion.Levels.Builder group, Summary summary) {
        // RisingWave drops (with a warning) a compaction whose input SSTs are already gone: an expired task.
        if (!allPresent(delta, groupId, group, summary)) {
            return;
        }
        for (int levelIdx : summary.deleteLevels) {
            if (levelIdx == 0) {
                Hummock.OverlappingLevel.Builder l0 = group.getL0Builder();
                for (int s = 0; s < l0.getSubLevelsCount(); s++) {
                    deleteSsts(l0.getSubLevelsBuilder(s), summary.deleteSstIds);
                }
            } else {
                deleteSsts(level(delta, groupId, group, levelIdx), summary.deleteSstIds);
            }
        }
        if (!summary.inserted.isEmpty()) {
            Hummock.Level.Builder target;
            if (summary.insertLevel == 0) {
                target = subLevel(delta, groupId, group.getL0Builder(), summary.insertSubLevel);
                List<Integer> members = membersOf(groupId);
                // a sub-level rewritten whole for a group of one table takes the task's vnode partitioning
                if (target.getTableInfosCount() == 0 && members.size() == 1 && summary.inserted.stream()
                        .allMatch(sst -> sst.getTableIdsList().equals(members))) {
                    target.setVnodePartitionCount(summary.vnodePartitionCount);
                }
            } else {
                target = level(delta, groupId, group, summary.insertLevel);
                if (target.getTableInfosCount() == 0 && summary.inserted.stream().allMatch(sst -> sst.getTableIdsCount() == 1)) {
                    target.setVnodePartitionCount(summary.vnodePartitionCount);
                } else if (target.getVnodePartitionCount() != 0 && summary.vnodePartitionCount == 0 && membersOf(groupId).size() > 1) {
                    target.setVnodePartitionCount(0);
                }
            }
            insertSsts(target, summary.inserted);
        }
        if (summary.deleteLevels.contains(0)) {
            Hummock.OverlappingLevel.Builder l0 = group.getL0Builder();
            for (int s = l0.getSubLevelsCount() - 1; s >= 0; s--) {
                if (l0.getSubLevels(s).getTableInfosCount() == 0) {
                    l0.removeSubLevels(s);
                }
            }
            long total = 0;
            long uncompressed = 0;
            for (Hummock.Level sub : l0.getSubLevelsList()) {
                total += sub.getTotalFileSize();
                uncompressed += sub.getUncompressedFileSize();
            }
            l0.setTotalFileSize(total).setUncompressedFileSize(uncompressed);
        }
    }

    private static boolean allPresent(Hummock.HummockVersionDelta delta, long groupId, Hummock.HummockVersion.Levels.Builder group,
                                      Summary summary) {
        Set<Long> missing = new HashSet<>(summary.deleteSstIds);
        for (int levelIdx : summary.deleteLevels) {
            if (levelIdx == 0) {
                group.getL0Builder().getSubLevelsList().forEach(sub -> sub.getTableInfosList().forEach(sst -> missing.remove(sst.getSstId())));
            } else {
                level(delta, groupId, group, levelIdx).getTableInfosList().forEach(sst -> missing.remove(sst.getSstId()));
            }
        }
        return missing.isEmpty();
    }

    /** The tables the state table info places in a group (1.10's compaction_group_member_table_ids). */
    private List<Integer> membersOf(long groupId) {
        List<Integer> members = new ArrayList<>();
        version.getStateTableInfoMap().forEach((table, info) -> {
            if (info.getCompactionGroupId() == groupId) {
                members.add(table);
            }
        });
        return members;
    }

    private static Hummock.Level.Builder level(Hummock.HummockVersionDelta delta, long groupId,
                                               Hummock.HummockVersion.Levels.Builder group, int levelIdx) {
        if (levelIdx < 1 || levelIdx > group.getLevelsCount()) {
            throw new HummockInconsistencyException("hummock delta " + delta.getId() + " names level " + levelIdx
                    + " of group " + groupId + ", which has levels 1.." + group.getLevelsCount());
        }
        return group.getLevelsBuilder(levelIdx - 1);
    }

    private static Hummock.Level.Builder subLevel(Hummock.HummockVersionDelta delta, long groupId, Hummock.OverlappingLevel.Builder l0,
                                                  long subLevelId) {
        for (int s = 0; s < l0.getSubLevelsCount(); s++) {
            if (l0.getSubLevels(s).getSubLevelId() == subLevelId) {
                return l0.getSubLevelsBuilder(s);
            }
        }
        throw new HummockInconsistencyException("hummock delta " + delta.getId() + " inserts into L0 sub-level "
                + Long.toUnsignedString(subLevelId) + " of group " + groupId + ", which it does not have");
    }

    /** RisingWave's level_delete_ssts: removes by sst_id and recounts the level's sizes. */
    private static void deleteSsts(Hummock.Level.Builder level, Set<Long> sstIds) {
        List<Hummock.SstableInfo> kept = new ArrayList<>(level.getTableInfosCount());
        long total = 0;
        long uncompressed = 0;
        for (Hummock.SstableInfo sst : level.getTableInfosList()) {
            if (!sstIds.contains(sst.getSstId())) {
                kept.add(sst);
                total += sst.getFileSize();
                uncompressed += sst.getUncompressedFileSize();
            }
        }
        if (kept.size() != level.getTableInfosCount()) {
            level.clearTableInfos().addAllTableInfos(kept);
        }
        level.setTotalFileSize(total).setUncompressedFileSize(uncompressed);
    }

    /** RisingWave's level_insert_ssts: in key order, sizes added, and the level is non-overlapping from then on. */
    private static void insertSsts(Hummock.Level.Builder level, List<Hummock.SstableInfo> inserted) {
        addSizes(level, inserted, 1);
        RwKeyOrder.insertSorted(level, inserted);
        if (level.getLevelTypeValue() == OVERLAPPING) {
            level.setLevelTypeValue(NONOVERLAPPING);
        }
    }

    private static Hummock.Level newSubLevel(long subLevelId, int levelType, List<Hummock.SstableInfo> ssts) {
        Hummock.Level.Builder level = Hummock.Level.newBuilder().setLevelIdx(0).setLevelTypeValue(levelType).setSubLevelId(subLevelId)
                .addAllTableInfos(ssts);
        addSizes(level, ssts, 1);
        return level.build();
    }

    private static void addSubLevel(Hummock.OverlappingLevel.Builder l0, int position, Hummock.Level level) {
        l0.addSubLevels(position, level);
        l0.setTotalFileSize(l0.getTotalFileSize() + level.getTotalFileSize())
                .setUncompressedFileSize(l0.getUncompressedFileSize() + level.getUncompressedFileSize());
    }

    /** Adds (sign 1) or takes away (sign -1) the sizes of the SSTs from the level's. */
    private static void addSizes(Hummock.Level.Builder level, List<Hummock.SstableInfo> ssts, int sign) {
        long total = 0;
        long uncompressed = 0;
        for (Hummock.SstableInfo sst : ssts) {
            total += sst.getFileSize();
            uncompressed += sst.getUncompressedFileSize();
        }
        level.setTotalFileSize(level.getTotalFileSize() + sign * total)
                .setUncompressedFileSize(level.getUncompressedFileSize() + sign * uncompressed);
    }

    @SuppressWarnings("deprecation") // table_ids: the moved tables of deltas older than NO_MEMBER_TABLE_IDS
    private void construct(long groupId, Hummock.GroupConstruct construct) {
        Hummock.HummockVersion.Levels.Builder parent = construct.getParentGroupId() == 0 ? null : groups.get(construct.getParentGroupId());
        long maxLevel = construct.getGroupConfig().getMaxLevel();
        if (maxLevel == 0) {
            maxLevel = parent != null ? parent.getLevelsCount() : DEFAULT_MAX_LEVEL;
        }
        Hummock.HummockVersion.Levels.Builder group = Hummock.HummockVersion.Levels.newBuilder().setGroupId(groupId)
                .setParentGroupId(construct.getParentGroupId()).addAllMemberTableIds(construct.getTableIdsList())
                .setL0(Hummock.OverlappingLevel.getDefaultInstance());
        for (int idx = 1; idx <= maxLevel; idx++) {
            group.addLevels(Hummock.Level.newBuilder().setLevelIdx(idx).setLevelTypeValue(NONOVERLAPPING));
        }
        groups.put(groupId, group);
        if (parent == null) {
            return;
        }
        Set<Integer> moved = new HashSet<>();
        if (construct.getVersionValue() >= Hummock.CompatibilityVersion.NO_MEMBER_TABLE_IDS_VALUE) {
            moved.addAll(membersOf(groupId));
        } else {
            moved.addAll(construct.getTableIdsList());
        }
        boolean trivialSplit = construct.getVersionValue() < Hummock.CompatibilityVersion.NO_TRIVIAL_SPLIT_VALUE;
        branch(parent, group, moved, construct.getNewSstStartId(), trivialSplit);
    }

    /**
     * A split: every parent SST holding a moved table gets a copy in the new group, under a new sst_id, and
     * keeps a new sst_id itself; a legacy trivial split instead takes away an SST whose tables all move.
     * Object ids never change, so the two groups then share objects.
     */
    private static void branch(Hummock.HummockVersion.Levels.Builder parent, Hummock.HummockVersion.Levels.Builder group,
                               Set<Integer> moved, long newSstStartId, boolean trivialSplit) {
        long[] nextSstId = {newSstStartId};
        Hummock.OverlappingLevel.Builder parentL0 = parent.getL0Builder();
        Hummock.OverlappingLevel.Builder l0 = group.getL0Builder();
        for (int s = 0; s < parentL0.getSubLevelsCount(); s++) {
            Hummock.Level.Builder sub = parentL0.getSubLevelsBuilder(s);
            List<Hummock.SstableInfo> branched = split(sub, parentL0, moved, trivialSplit, nextSstId);
            if (branched.isEmpty()) {
                continue;
            }
            int position = 0;
            Hummock.Level.Builder same = null;
            for (; position < l0.getSubLevelsCount(); position++) {
                int order = Long.compareUnsigned(l0.getSubLevels(position).getSubLevelId(), sub.getSubLevelId());
                if (order == 0) {
                    same = l0.getSubLevelsBuilder(position);
                }
                if (order >= 0) {
                    break;
                }
            }
            if (same == null) {
                addSubLevel(l0, position, newSubLevel(sub.getSubLevelId(), sub.getLevelTypeValue(), branched));
                continue;
            }
            addSizes(same, branched, 1);
            l0.setTotalFileSize(l0.getTotalFileSize() + sum(branched, false))
                    .setUncompressedFileSize(l0.getUncompressedFileSize() + sum(branched, true));
            if (same.getLevelTypeValue() == NONOVERLAPPING) {
                RwKeyOrder.insertSorted(same, branched);
            } else {
                same.addAllTableInfos(branched);
            }
        }
        for (int i = 0; i < parent.getLevelsCount(); i++) {
            List<Hummock.SstableInfo> branched = split(parent.getLevelsBuilder(i), null, moved, trivialSplit, nextSstId);
            if (branched.isEmpty()) {
                continue;
            }
            if (i >= group.getLevelsCount()) {
                throw new HummockInconsistencyException("compaction group " + group.getGroupId() + " has "
                        + group.getLevelsCount() + " levels, too few for the SSTs of level " + (i + 1)
                        + " of its parent group " + parent.getGroupId());
            }
            Hummock.Level.Builder target = group.getLevelsBuilder(i);
            addSizes(target, branched, 1);
            RwKeyOrder.insertSorted(target, branched);
        }
    }

    /** The copies for the new group; the level keeps the rest, each under its next new sst_id. */
    private static List<Hummock.SstableInfo> split(Hummock.Level.Builder level, Hummock.OverlappingLevel.Builder l0, Set<Integer> moved,
                                                   boolean trivialSplit, long[] nextSstId) {
        List<Hummock.SstableInfo> branched = new ArrayList<>();
        List<Hummock.SstableInfo> kept = new ArrayList<>(level.getTableInfosCount());
        List<Hummock.SstableInfo> takenAway = new ArrayList<>();
        for (Hummock.SstableInfo sst : level.getTableInfosList()) {
            long movedTables = sst.getTableIdsList().stream().filter(moved::contains).count();
            if (movedTables == 0) {
                kept.add(sst);
                continue;
            }
            branched.add(sst.toBuilder().setSstId(nextSstId[0]++).build());
            if (trivialSplit && movedTables == sst.getTableIdsCount()) {
                takenAway.add(sst);
            } else {
                kept.add(sst.toBuilder().setSstId(nextSstId[0]++).build());
            }
        }
        if (!branched.isEmpty()) {
            level.clearTableInfos().addAllTableInfos(kept);
            addSizes(level, takenAway, -1);
            if (l0 != null) {
                l0.setTotalFileSize(l0.getTotalFileSize() - sum(takenAway, false))
                        .setUncompressedFileSize(l0.getUncompressedFileSize() - sum(takenAway, true));
            }
        }
        return branched;
    }

    private static long sum(List<Hummock.SstableInfo> ssts, boolean uncompressed) {
        long total = 0;
        for (Hummock.SstableInfo sst : ssts) {
            total += uncompressed ? sst.getUncompressedFileSize() : sst.getFileSize();
        }
        return total;
    }

    private void applyChangeLogs(Hummock.HummockVersionDelta delta, Map<Integer, Hummock.StateTableInfo> previousInfo) {
        Map<Integer, Hummock.HummockVersionDelta.ChangeLogDelta> changes = delta.getChangeLogDeltaMap();
        changes.forEach((table, change) ->
                changeLogs.computeIfAbsent(table, t -> Hummock.TableChangeLog.newBuilder()).addChangeLogs(change.getNewLog()));
        Set<Integer> removed = new HashSet<>(delta.getRemovedTableIdsList());
        // A table whose committed epoch moved on without a new log entry no longer keeps a change log.
        changeLogs.keySet().removeIf(table -> {
            if (removed.contains(table)) {
                return true;
            }
            Hummock.StateTableInfoDelta now = delta.getStateTableInfoDeltaMap().get(table);
            Hummock.StateTableInfo before = previousInfo.get(table);
            boolean progressed = now != null && before != null
                    && Long.compareUnsigned(now.getCommittedEpoch(), before.getCommittedEpoch()) > 0;
            return progressed && !changes.containsKey(table);
        });
        changes.forEach((table, change) -> {
            Hummock.TableChangeLog.Builder log = changeLogs.get(table);
            if (log != null) {
                truncate(log, change.getTruncateEpoch());
            }
        });
    }

    /** Keeps only what is later than the truncate epoch: whole entries, then epochs of the first entry. */
    private static void truncate(Hummock.TableChangeLog.Builder log, long truncateEpoch) {
        List<Hummock.EpochNewChangeLog> kept = new ArrayList<>();
        for (Hummock.EpochNewChangeLog entry : log.getChangeLogsList()) {
            int epochs = entry.getEpochsCount();
            if (epochs > 0 && Long.compareUnsigned(entry.getEpochs(epochs - 1), truncateEpoch) > 0) {
                kept.add(entry);
            }
        }
        boolean changed = kept.size() != log.getChangeLogsCount();
        if (!kept.isEmpty()) {
            Hummock.EpochNewChangeLog first = kept.get(0);
            List<Long> epochs = first.getEpochsList().stream().filter(epoch -> Long.compareUnsigned(epoch, truncateEpoch) > 0).toList();
            if (epochs.size() != first.getEpochsCount()) {
                kept.set(0, first.toBuilder().clearEpochs().addAllEpochs(epochs).build());
                changed = true;
            }
        }
        if (changed) {
            log.clearChangeLogs().addAllChangeLogs(kept);
        }
    }

    /** The group deltas of one group folded together, as RisingWave's summarize_group_deltas does. */
    private static final class Summary {
        final Set<Integer> deleteLevels = new TreeSet<>();
        final Set<Long> deleteSstIds = new HashSet<>();
        int insertLevel;
        long insertSubLevel = NO_SUB_LEVEL;
        final List<Hummock.SstableInfo> inserted = new ArrayList<>();
        int vnodePartitionCount;
        Hummock.GroupConstruct construct;
        boolean destroy;
        @SuppressWarnings("deprecation") // GroupMetaChange: 1.10 still applies those of older deltas
        final List<Hummock.GroupMetaChange> metaChanges = new ArrayList<>();

        @SuppressWarnings("deprecation")
        Summary(Hummock.HummockVersionDelta delta, long groupId, List<Hummock.GroupDelta> deltas) {
            for (Hummock.GroupDelta groupDelta : deltas) {
                switch (groupDelta.getDeltaTypeCase()) {
                    case INTRA_LEVEL -> {
                        Hummock.IntraLevelDelta intra = groupDelta.getIntraLevel();
                        if (intra.getRemovedTableIdsCount() > 0) {
                            deleteLevels.add(intra.getLevelIdx());
                            deleteSstIds.addAll(intra.getRemovedTableIdsList());
                        }
                        if (intra.getInsertedTableInfosCount() > 0) {
                            insertLevel = intra.getLevelIdx();
                            insertSubLevel = intra.getL0SubLevelId();
                            inserted.addAll(intra.getInsertedTableInfosList());
                        }
                        vnodePartitionCount = intra.getVnodePartitionCount();
                    }
                    case GROUP_CONSTRUCT -> {
                        if (construct != null) {
                            throw new HummockInconsistencyException("hummock delta " + delta.getId()
                                    + " constructs compaction group " + groupId + " twice");
                        }
                        construct = groupDelta.getGroupConstruct();
                    }
                    case GROUP_DESTROY -> destroy = true;
                    case GROUP_META_CHANGE -> metaChanges.add(groupDelta.getGroupMetaChange());
                    case GROUP_TABLE_CHANGE -> {
                        // legacy: no 1.x meta node writes it
                    }
                    case DELTATYPE_NOT_SET -> {
                        // A kind newer than this build: ignoring it could drop SSTs from the pinned set.
                        Set<Integer> kinds = groupDelta.getUnknownFields().asMap().keySet();
                        if (!kinds.isEmpty()) {
                            throw new HummockFormatException("hummock delta " + delta.getId() + ": group " + groupId
                                    + " has a group delta of kind " + String.join(", ", kinds.stream().map(String::valueOf).toList())
                                    + ", which this build of metasnap does not understand");
                        }
                    }
                }
            }
        }
    }
}
