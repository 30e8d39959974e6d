package dev.metasnap.core.hummock.rw;

import dev.metasnap.core.hummock.proto.Hummock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Short builders of RisingWave's hummock messages for tests; sizes are summed as RisingWave keeps them. */
public final class RwProtos {

    public static final int NONOVERLAPPING = Hummock.LevelType.LEVEL_TYPE_NONOVERLAPPING_VALUE;
    public static final int OVERLAPPING = Hummock.LevelType.LEVEL_TYPE_OVERLAPPING_VALUE;

    private RwProtos() {
    }

    /** An SST with no key range; its uncompressed size is twice its file size. */
    public static Hummock.SstableInfo sst(long objectId, long sstId, long fileSize, Integer... tables) {
        return Hummock.SstableInfo.newBuilder().setObjectId(objectId).setSstId(sstId).setFileSize(fileSize)
                .setUncompressedFileSize(2 * fileSize).addAllTableIds(Arrays.asList(tables)).build();
    }

    public static Hummock.Level level(int levelIdx, Hummock.SstableInfo... ssts) {
        return withSizes(Hummock.Level.newBuilder().setLevelIdx(levelIdx).setLevelTypeValue(NONOVERLAPPING), ssts);
    }

    public static Hummock.Level subLevel(long subLevelId, int levelType, Hummock.SstableInfo... ssts) {
        return withSizes(Hummock.Level.newBuilder().setLevelTypeValue(levelType).setSubLevelId(subLevelId), ssts);
    }

    private static Hummock.Level withSizes(Hummock.Level.Builder level, Hummock.SstableInfo... ssts) {
        long total = 0;
        long uncompressed = 0;
        for (Hummock.SstableInfo sst : ssts) {
            total += sst.getFileSize();
            uncompressed += sst.getUncompressedFileSize();
        }
        return level.addAllTableInfos(List.of(ssts)).setTotalFileSize(total).setUncompressedFileSize(uncompressed).build();
    }

    /** A compaction group with its member tables (1.10 still keeps the deprecated member_table_ids). */
    @SuppressWarnings("deprecation")
    public static Hummock.HummockVersion.Levels group(long groupId, long parentGroupId, List<Integer> members, List<Hummock.Level> l0,
                                                      List<Hummock.Level> levels) {
        Hummock.OverlappingLevel.Builder overlapping = Hummock.OverlappingLevel.newBuilder().addAllSubLevels(l0);
        for (Hummock.Level sub : l0) {
            overlapping.setTotalFileSize(overlapping.getTotalFileSize() + sub.getTotalFileSize())
                    .setUncompressedFileSize(overlapping.getUncompressedFileSize() + sub.getUncompressedFileSize());
        }
        return Hummock.HummockVersion.Levels.newBuilder().setGroupId(groupId).setParentGroupId(parentGroupId)
                .addAllMemberTableIds(members).setL0(overlapping).addAllLevels(levels).build();
    }

    public static RwVersion version(long id, long maxCommittedEpoch, long safeEpoch, Hummock.HummockVersion.Levels... groups) {
        Hummock.HummockVersion.Builder version = Hummock.HummockVersion.newBuilder().setId(id).setMaxCommittedEpoch(maxCommittedEpoch)
                .setSafeEpoch(safeEpoch);
        for (Hummock.HummockVersion.Levels group : groups) {
            version.putLevels(group.getGroupId(), group);
        }
        return new RwVersion(version.build());
    }

    /** A delta from {@code id - 1}; {@code groupAndDeltas} alternates a group id and one of its group deltas. */
    public static Hummock.HummockVersionDelta.Builder delta(long id, long epoch, long safeEpoch, Object... groupAndDeltas) {
        Map<Long, Hummock.HummockVersionDelta.GroupDeltas.Builder> groups = new TreeMap<>();
        for (int i = 0; i < groupAndDeltas.length; i += 2) {
            groups.computeIfAbsent((Long) groupAndDeltas[i], g -> Hummock.HummockVersionDelta.GroupDeltas.newBuilder())
                    .addGroupDeltas((Hummock.GroupDelta) groupAndDeltas[i + 1]);
        }
        Hummock.HummockVersionDelta.Builder delta = Hummock.HummockVersionDelta.newBuilder().setId(id).setPrevId(id - 1)
                .setMaxCommittedEpoch(epoch).setSafeEpoch(safeEpoch);
        groups.forEach((group, deltas) -> delta.putGroupDeltas(group, deltas.build()));
        return delta;
    }

    public static RwDelta rw(Hummock.HummockVersionDelta.Builder delta) {
        return new RwDelta(delta.build());
    }

    public static Hummock.GroupDelta intra(int levelIdx, long subLevel, List<Long> removed, Hummock.SstableInfo... inserted) {
        return intra(levelIdx, subLevel, removed, 0, inserted);
    }

    public static Hummock.GroupDelta intra(int levelIdx, long subLevel, List<Long> removed, int vnodePartitionCount,
                                           Hummock.SstableInfo... inserted) {
        return Hummock.GroupDelta.newBuilder().setIntraLevel(Hummock.IntraLevelDelta.newBuilder().setLevelIdx(levelIdx)
                .setL0SubLevelId(subLevel).addAllRemovedTableIds(removed).addAllInsertedTableInfos(List.of(inserted))
                .setVnodePartitionCount(vnodePartitionCount)).build();
    }

    /** A construct as RisingWave 1.x's meta node writes it: no trivial split, no config. */
    public static Hummock.GroupDelta construct(long groupId, long parentGroupId, List<Integer> tableIds, long newSstStartId) {
        return construct(groupId, parentGroupId, tableIds, newSstStartId, Hummock.CompatibilityVersion.NO_TRIVIAL_SPLIT_VALUE, 0);
    }

    /** {@code maxLevel} 0: no group config. */
    @SuppressWarnings("deprecation")
    public static Hummock.GroupDelta construct(long groupId, long parentGroupId, List<Integer> tableIds, long newSstStartId,
                                               int compatibilityVersion, long maxLevel) {
        Hummock.GroupConstruct.Builder construct = Hummock.GroupConstruct.newBuilder().setGroupId(groupId).setParentGroupId(parentGroupId)
                .addAllTableIds(tableIds).setNewSstStartId(newSstStartId).setVersionValue(compatibilityVersion);
        if (maxLevel != 0) {
            construct.setGroupConfig(Hummock.CompactionConfig.newBuilder().setMaxLevel(maxLevel));
        }
        return Hummock.GroupDelta.newBuilder().setGroupConstruct(construct).build();
    }

    public static Hummock.GroupDelta destroy() {
        return Hummock.GroupDelta.newBuilder().setGroupDestroy(Hummock.GroupDestroy.getDefaultInstance()).build();
    }

    @SuppressWarnings("deprecation")
    public static Hummock.GroupDelta metaChange(List<Integer> add, List<Integer> remove) {
        return Hummock.GroupDelta.newBuilder().setGroupMetaChange(Hummock.GroupMetaChange.newBuilder()
                .addAllTableIdsAdd(add).addAllTableIdsRemove(remove)).build();
    }

    public static Hummock.StateTableInfoDelta info(long committedEpoch, long safeEpoch, long compactionGroupId) {
        return Hummock.StateTableInfoDelta.newBuilder().setCommittedEpoch(committedEpoch).setSafeEpoch(safeEpoch)
                .setCompactionGroupId(compactionGroupId).build();
    }

    public static Hummock.EpochNewChangeLog changeLog(List<Hummock.SstableInfo> oldValue, List<Hummock.SstableInfo> newValue,
                                                      Long... epochs) {
        return Hummock.EpochNewChangeLog.newBuilder().addAllOldValue(oldValue).addAllNewValue(newValue)
                .addAllEpochs(Arrays.asList(epochs)).build();
    }

    public static List<Long> sstIds(Hummock.Level level) {
        return level.getTableInfosList().stream().map(Hummock.SstableInfo::getSstId).toList();
    }

    public static List<Long> subLevelIds(Hummock.HummockVersion.Levels group) {
        return group.getL0().getSubLevelsList().stream().map(Hummock.Level::getSubLevelId).toList();
    }
}
