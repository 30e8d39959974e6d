package dev.metasnap.demo;

import dev.metasnap.config.MetaKeys;
import dev.metasnap.config.ProstIds;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.hummock.StateTableInfo;
import dev.metasnap.core.hummock.proto.Hummock;
import dev.metasnap.core.hummock.rw.RwDelta;
import dev.metasnap.core.hummock.rw.RwHummockCodec;
import dev.metasnap.core.hummock.rw.RwVersion;
import dev.metasnap.core.hummock.rw.RwVersionBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * The hummock side of a generated cluster, evolved the way a RisingWave 1.x meta node evolves it: the
 * first checkpoint, then epoch commits that add an L0 sub-level per compaction group, compactions
 * merge L0 and L1 (removal by sst_id), trivial moves carry an SST from L0 to L1, groups are split
 * from a parent (branched SSTs keep their object ids) and later destroyed, and a checkpoint folds the
 * whole delta log and deletes all but the last two folded deltas (leftovers a reader must ignore).
 */
final class RisingWaveHistory {

    /** RisingWave's static compaction groups: StateDefault and MaterializedView. */
    private static final long[] STATIC_GROUPS = {2, 3};
    private static final int MAX_LEVEL = 6;
    private static final int LEFTOVER_DELTAS = 2;
    private static final int MAX_GROUPS = 5;

    private final EtcdGateway etcd;
    private final HummockStorage hummock;
    private final String root;
    private final Random random;
    private final AtomicLong ids;
    private final LongConsumer writeObject;
    private final java.util.function.IntSupplier sstBytes;
    private final int tables;
    private RwVersionBuilder version;
    private long nextSubLevel = 1;
    private long nextGroup = STATIC_GROUPS[STATIC_GROUPS.length - 1] + 1;
    private long lowestDelta = Long.MAX_VALUE;
    private final Map<Long, java.util.SortedSet<Long>> versions = new java.util.concurrent.ConcurrentHashMap<>();

    RisingWaveHistory(EtcdGateway etcd, HummockStorage hummock, String root, Random random, AtomicLong ids, LongConsumer writeObject,
                      java.util.function.IntSupplier sstBytes, int tables) {
        this.etcd = etcd;
        this.hummock = hummock;
        this.root = root;
        this.random = random;
        this.ids = ids;
        this.writeObject = writeObject;
        this.sstBytes = sstBytes;
        this.tables = Math.max(2, tables);
    }

    /** A history that goes on from the version in hummock storage and etcd now. */
    static RisingWaveHistory resume(EtcdGateway etcd, HummockStorage hummock, String root, Random random, AtomicLong ids,
                                    LongConsumer writeObject, java.util.function.IntSupplier sstBytes) {
        RwVersion checkpoint = RwHummockCodec.decodeCheckpoint(hummock.read(HummockStorage.CHECKPOINT).orElseThrow(() ->
                new dev.metasnap.config.InvalidSettingException("no hummock checkpoint in " + hummock.location().describe() + " to continue from")));
        List<RwDelta> deltas = new ArrayList<>();
        try (var pager = dev.metasnap.core.etcd.KeyPager.simple(etcd, KeyRange.prefix(root + MetaKeys.HUMMOCK_DELTAS), 0)) {
            for (List<MetaEntry> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                page.forEach(e -> deltas.add(RwHummockCodec.decodeDelta(e.value())));
            }
        }
        RwVersion current = RwVersionBuilder.from(checkpoint).applyInIdOrder(deltas).build();
        int tables = (int) current.groups().values().stream().mapToLong(g -> members(g).size()).sum();
        RisingWaveHistory history = new RisingWaveHistory(etcd, hummock, root, random, ids, writeObject, sstBytes, tables);
        history.version = RwVersionBuilder.from(current);
        history.versions.put(current.id(), current.objectIds());
        long highest = 0;
        long subLevel = 0;
        for (Hummock.HummockVersion.Levels group : current.groups().values()) {
            for (Hummock.Level level : group.getL0().getSubLevelsList()) {
                subLevel = Math.max(subLevel, level.getSubLevelId());
            }
            for (List<Hummock.Level> levels : List.of(group.getL0().getSubLevelsList(), group.getLevelsList())) {
                for (Hummock.Level level : levels) {
                    for (Hummock.SstableInfo sst : level.getTableInfosList()) {
                        highest = Math.max(highest, Math.max(sst.getObjectId(), sst.getSstId()));
                    }
                }
            }
        }
        ids.set(Math.max(ids.get(), highest + 1000));
        history.nextSubLevel = subLevel + 1;
        history.nextGroup = Math.max(history.nextGroup, current.groups().lastKey() + 1);
        history.lowestDelta = deltas.stream().mapToLong(RwDelta::id).min().orElse(Long.MAX_VALUE);
        return history;
    }

    long maxCommittedEpoch() {
        return version.build().maxCommittedEpoch();
    }

    @SuppressWarnings("deprecation") // member_table_ids: a 1.10 meta node still fills them
    void create(long epoch) {
        Hummock.HummockVersion.Builder first = Hummock.HummockVersion.newBuilder().setId(1).setMaxCommittedEpoch(epoch).setSafeEpoch(epoch);
        Hummock.HummockVersionDelta.Builder info = delta(2, 1, epoch, epoch);
        for (int g = 0; g < STATIC_GROUPS.length; g++) {
            List<Integer> members = new ArrayList<>();
            for (int t = g; t < tables; t += STATIC_GROUPS.length) {
                members.add(tableId(t));
                info.putStateTableInfoDelta(tableId(t), stateTableInfo(epoch, epoch, STATIC_GROUPS[g]));
            }
            Hummock.HummockVersion.Levels.Builder group = Hummock.HummockVersion.Levels.newBuilder().setGroupId(STATIC_GROUPS[g])
                    .addAllMemberTableIds(members).setL0(Hummock.OverlappingLevel.getDefaultInstance());
            for (int i = 1; i <= MAX_LEVEL; i++) {
                group.addLevels(Hummock.Level.newBuilder().setLevelIdx(i).setLevelType(Hummock.LevelType.LEVEL_TYPE_NONOVERLAPPING));
            }
            first.putLevels(STATIC_GROUPS[g], group.build());
            etcd.putAll(List.of(new MetaEntry(key("cf/hummock_6/", STATIC_GROUPS[g]), ("group " + STATIC_GROUPS[g]).getBytes(StandardCharsets.UTF_8), 0)));
        }
        RwVersion firstVersion = new RwVersion(first.build());
        version = RwVersionBuilder.from(firstVersion);
        versions.put(firstVersion.id(), firstVersion.objectIds());
        // state table info arrives with the first epoch commit, as on a fresh 1.10 cluster
        commit(info);
        hummock.write(HummockStorage.CHECKPOINT, RwHummockCodec.encodeCheckpoint(version.build()));
        etcd.putAll(List.of(new MetaEntry(key("cf/hummock_7/", 0), new byte[] {0x08, 0x02}, 0)));
    }

    void commitEpoch(long epoch, long safe) {
        RwVersion current = version.build();
        Hummock.HummockVersionDelta.Builder delta = delta(current.id() + 1, current.id(), epoch, safe);
        for (Hummock.HummockVersion.Levels group : current.groups().values()) {
            List<Integer> members = members(group);
            if (members.isEmpty()) {
                continue;
            }
            List<Hummock.SstableInfo> inserted = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                inserted.add(newSst(members));
            }
            delta.putGroupDeltas(group.getGroupId(), groupDeltas(intraLevel(0, nextSubLevel++, List.of(), inserted)));
            members.forEach(t -> delta.putStateTableInfoDelta(t, stateTableInfo(epoch, safe, group.getGroupId())));
        }
        commit(delta);
        switch (random.nextInt(6)) {
            case 0, 1 -> compact();
            case 2 -> trivialMove();
            case 3 -> splitOrDestroy();
            default -> { }
        }
    }

    /** Merges every L0 sub-level and L1 of one group into one new SST in L1. */
    private void compact() {
        RwVersion current = version.build();
        for (Hummock.HummockVersion.Levels group : current.groups().values()) {
            if (group.getL0().getSubLevelsCount() < 3) {
                continue;
            }
            List<Long> l0 = group.getL0().getSubLevelsList().stream().flatMap(l -> l.getTableInfosList().stream())
                    .map(Hummock.SstableInfo::getSstId).toList();
            List<Long> l1 = group.getLevels(0).getTableInfosList().stream().map(Hummock.SstableInfo::getSstId).toList();
            commit(sameEpoch(current, false).putGroupDeltas(group.getGroupId(), groupDeltas(
                    intraLevel(0, 0, l0, List.of()), intraLevel(1, 0, l1, List.of(newSst(members(group)))))));
            return;
        }
    }

    /** Moves one SST of the oldest L0 sub-level into an empty L1 unchanged (same sst and object id). */
    private void trivialMove() {
        RwVersion current = version.build();
        for (Hummock.HummockVersion.Levels group : current.groups().values()) {
            if (group.getL0().getSubLevelsCount() == 0 || group.getLevels(0).getTableInfosCount() > 0) {
                continue;
            }
            Hummock.SstableInfo moved = group.getL0().getSubLevels(0).getTableInfos(0);
            commit(sameEpoch(current, true).putGroupDeltas(group.getGroupId(), groupDeltas(
                    intraLevel(0, 0, List.of(moved.getSstId()), List.of()), intraLevel(1, 0, List.of(), List.of(moved)))));
            return;
        }
    }

    /** Splits a table out of a static group into a new group, or destroys a split group once there are a few. */
    private void splitOrDestroy() {
        RwVersion current = version.build();
        if (current.groups().size() >= MAX_GROUPS) {
            long victim = current.groups().lastKey();
            commit(sameEpoch(current, false).putGroupDeltas(victim, groupDeltas(Hummock.GroupDelta.newBuilder()
                    .setGroupDestroy(Hummock.GroupDestroy.getDefaultInstance()).build()))
                    .addAllRemovedTableIds(members(current.groups().get(victim))));
            etcd.deleteRange(KeyRange.single(key("cf/hummock_6/", victim)));
            return;
        }
        Hummock.HummockVersion.Levels parent = current.groups().get(STATIC_GROUPS[random.nextInt(STATIC_GROUPS.length)]);
        if (parent == null) {
            return;
        }
        // the parent keeps listing moved tables (RisingWave drops them with a separate meta change): ask the table info
        SortedMap<Integer, StateTableInfo> tableInfo = current.stateTableInfo();
        List<Integer> staying = members(parent).stream().filter(t -> tableInfo.containsKey(t)
                && tableInfo.get(t).compactionGroupId() == parent.getGroupId()).toList();
        if (staying.size() < 2) {
            return;
        }
        int table = staying.get(random.nextInt(staying.size()));
        long group = nextGroup++;
        // a split hands out new sst ids for both sides of every branched SST: leave room for them
        long ssts = parent.getL0().getSubLevelsList().stream().mapToLong(Hummock.Level::getTableInfosCount).sum()
                + parent.getLevelsList().stream().mapToLong(Hummock.Level::getTableInfosCount).sum();
        long start = ids.getAndAdd(2 * ssts + 2);
        Hummock.HummockVersionDelta.Builder delta = sameEpoch(current, false).putGroupDeltas(group, groupDeltas(construct(group, parent.getGroupId(), table, start)));
        StateTableInfo old = tableInfo.get(table);
        if (old != null) {
            delta.putStateTableInfoDelta(table, stateTableInfo(old.committedEpoch(), old.safeEpoch(), group));
        }
        commit(delta);
        etcd.putAll(List.of(new MetaEntry(key("cf/hummock_6/", group), ("group " + group).getBytes(StandardCharsets.UTF_8), 0)));
    }

    /** Folds the whole delta log into the checkpoint, then deletes folded deltas but the last two. */
    void checkpoint() {
        RwVersion current = version.build();
        hummock.write(HummockStorage.CHECKPOINT, RwHummockCodec.encodeCheckpoint(current));
        long keepFrom = current.id() - LEFTOVER_DELTAS + 1;
        for (long id = lowestDelta; id < keepFrom; id++) {
            etcd.deleteRange(KeyRange.single(key(MetaKeys.HUMMOCK_DELTAS, id)));
        }
        lowestDelta = Math.max(lowestDelta == Long.MAX_VALUE ? keepFrom : lowestDelta, keepFrom);
    }

    long versionId() {
        return version.id();
    }

    /** The SST object ids of every version this history wrote, for tests that check what a backup pinned. */
    Map<Long, java.util.SortedSet<Long>> objectIdsByVersion() {
        return versions;
    }

    private static Hummock.HummockVersionDelta.Builder delta(long id, long prevId, long epoch, long safe) {
        return Hummock.HummockVersionDelta.newBuilder().setId(id).setPrevId(prevId).setMaxCommittedEpoch(epoch).setSafeEpoch(safe);
    }

    private static Hummock.HummockVersionDelta.Builder sameEpoch(RwVersion current, boolean trivialMove) {
        return delta(current.id() + 1, current.id(), current.maxCommittedEpoch(), current.safeEpoch()).setTrivialMove(trivialMove);
    }

    private static Hummock.HummockVersionDelta.GroupDeltas groupDeltas(Hummock.GroupDelta... deltas) {
        return Hummock.HummockVersionDelta.GroupDeltas.newBuilder().addAllGroupDeltas(List.of(deltas)).build();
    }

    private static Hummock.GroupDelta intraLevel(int levelIdx, long subLevelId, List<Long> removed, List<Hummock.SstableInfo> inserted) {
        return Hummock.GroupDelta.newBuilder().setIntraLevel(Hummock.IntraLevelDelta.newBuilder().setLevelIdx(levelIdx)
                .setL0SubLevelId(subLevelId).addAllRemovedTableIds(removed).addAllInsertedTableInfos(inserted)).build();
    }

    /** A split as a 1.10 meta node writes it: no trivial split, no config, the moved table still listed. */
    @SuppressWarnings("deprecation") // table_ids
    private static Hummock.GroupDelta construct(long group, long parent, int table, long newSstStartId) {
        return Hummock.GroupDelta.newBuilder().setGroupConstruct(Hummock.GroupConstruct.newBuilder().setGroupId(group)
                .setParentGroupId(parent).addTableIds(table).setNewSstStartId(newSstStartId)
                .setVersion(Hummock.CompatibilityVersion.NO_TRIVIAL_SPLIT)).build();
    }

    private static Hummock.StateTableInfoDelta stateTableInfo(long committedEpoch, long safeEpoch, long group) {
        return Hummock.StateTableInfoDelta.newBuilder().setCommittedEpoch(committedEpoch).setSafeEpoch(safeEpoch)
                .setCompactionGroupId(group).build();
    }

    @SuppressWarnings("deprecation") // member_table_ids: where this history keeps a group's tables
    private static List<Integer> members(Hummock.HummockVersion.Levels group) {
        return group.getMemberTableIdsList();
    }

    private void commit(Hummock.HummockVersionDelta.Builder built) {
        RwDelta delta = new RwDelta(built.build());
        version.apply(delta);
        versions.put(delta.id(), version.build().objectIds());
        etcd.putAll(List.of(new MetaEntry(key(MetaKeys.HUMMOCK_DELTAS, delta.id()), RwHummockCodec.encodeDelta(delta), 0)));
        lowestDelta = Math.min(lowestDelta, delta.id());
    }

    private Hummock.SstableInfo newSst(List<Integer> memberTables) {
        // a new SST's sst id is its object id, as RisingWave hands both out from one generator
        long objectId = ids.getAndIncrement();
        writeObject.accept(objectId);
        return Hummock.SstableInfo.newBuilder().setObjectId(objectId).setSstId(objectId).setFileSize(sstBytes.getAsInt())
                .addTableIds(memberTables.get(random.nextInt(memberTables.size()))).build();
    }

    private byte[] key(String family, long id) {
        byte[] prefix = (root + family).getBytes(StandardCharsets.UTF_8);
        byte[] suffix = family.equals(MetaKeys.HUMMOCK_DELTAS) ? HummockLayouts.RISINGWAVE.deltaKeySuffix(id) : ProstIds.encode(id);
        byte[] key = java.util.Arrays.copyOf(prefix, prefix.length + suffix.length);
        System.arraycopy(suffix, 0, key, prefix.length, suffix.length);
        return key;
    }

    private static int tableId(int index) {
        return 1001 + index;
    }
}
