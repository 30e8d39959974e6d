package dev.metasnap.demo;

import dev.metasnap.config.MetaKeys;
import dev.metasnap.config.ProstIds;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.hummock.rw.RwDelta;
import dev.metasnap.core.hummock.rw.RwGroup;
import dev.metasnap.core.hummock.rw.RwGroupDelta;
import dev.metasnap.core.hummock.rw.RwHummockCodec;
import dev.metasnap.core.hummock.rw.RwLevel;
import dev.metasnap.core.hummock.rw.RwSst;
import dev.metasnap.core.hummock.rw.RwStateTableInfo;
import dev.metasnap.core.hummock.rw.RwVersion;
import dev.metasnap.core.hummock.rw.RwVersionBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * RisingWave v1.x's layout, evolved the way a meta node evolves it: epoch commits add an L0
 * sub-level per compaction group, compactions merge L0 and L1 (removal by sst_id), trivial
 * moves carry an SST from L0 to L1, groups are split from a parent (branched SSTs keep their
 * object ids) and later destroyed, and a checkpoint folds the whole delta log and deletes all
 * but the last two folded deltas (leftovers a reader must ignore).
 */
final class RisingWaveHistory implements HummockHistory {

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
        int tables = (int) current.groups().values().stream().mapToLong(g -> g.memberTableIds().size()).sum();
        RisingWaveHistory history = new RisingWaveHistory(etcd, hummock, root, random, ids, writeObject, sstBytes, tables);
        history.version = RwVersionBuilder.from(current);
        history.versions.put(current.id(), current.objectIds());
        long highest = 0;
        long subLevel = 0;
        for (RwGroup group : current.groups().values()) {
            for (RwLevel level : group.l0SubLevels()) {
                subLevel = Math.max(subLevel, level.subLevelId());
            }
            for (List<RwLevel> levels : List.of(group.l0SubLevels(), group.levels())) {
                for (RwLevel level : levels) {
                    for (RwSst sst : level.ssts()) {
                        highest = Math.max(highest, Math.max(sst.objectId(), sst.sstId()));
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

    @Override
    public void create(long epoch) {
        SortedMap<Long, RwGroup> groups = new TreeMap<>();
        SortedMap<Integer, RwStateTableInfo> info = new TreeMap<>();
        for (int g = 0; g < STATIC_GROUPS.length; g++) {
            List<Integer> members = new ArrayList<>();
            for (int t = g; t < tables; t += STATIC_GROUPS.length) {
                members.add(tableId(t));
                info.put(tableId(t), new RwStateTableInfo(epoch, epoch, STATIC_GROUPS[g]));
            }
            groups.put(STATIC_GROUPS[g], new RwGroup(STATIC_GROUPS[g], 0, members, List.of(), emptyLevels()));
            etcd.putAll(List.of(new MetaEntry(key("cf/hummock_6/", STATIC_GROUPS[g]), ("group " + STATIC_GROUPS[g]).getBytes(StandardCharsets.UTF_8), 0)));
        }
        RwVersion first = RwVersion.empty(1, epoch, epoch, groups);
        version = RwVersionBuilder.from(first);
        versions.put(first.id(), first.objectIds());
        // state table info arrives with the first epoch commit, as on a fresh 1.10 cluster
        commit(new RwDelta(2, 1, epoch, epoch, false, new TreeMap<>(), List.of(), new TreeMap<>(), info, new byte[0]));
        hummock.write(HummockStorage.CHECKPOINT, RwHummockCodec.encodeCheckpoint(version.build()));
        etcd.putAll(List.of(new MetaEntry(key("cf/hummock_7/", 0), new byte[] {0x08, 0x02}, 0)));
    }

    @Override
    public void commitEpoch(long epoch, long safe) {
        RwVersion current = version.build();
        SortedMap<Long, List<RwGroupDelta>> groupDeltas = new TreeMap<>();
        SortedMap<Integer, RwStateTableInfo> info = new TreeMap<>();
        for (RwGroup group : current.groups().values()) {
            if (group.memberTableIds().isEmpty()) {
                continue;
            }
            List<RwSst> inserted = new ArrayList<>();
            for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
                inserted.add(newSst(group.memberTableIds()));
            }
            groupDeltas.put(group.groupId(), List.of(new RwGroupDelta.IntraLevel(0, nextSubLevel++, List.of(), inserted)));
            group.memberTableIds().forEach(t -> info.put(t, new RwStateTableInfo(epoch, safe, group.groupId())));
        }
        commit(new RwDelta(current.id() + 1, current.id(), epoch, safe, false, groupDeltas, List.of(), new TreeMap<>(), info, new byte[0]));
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
        for (RwGroup group : current.groups().values()) {
            if (group.l0SubLevels().size() < 3) {
                continue;
            }
            List<Long> l0 = group.l0SubLevels().stream().flatMap(l -> l.ssts().stream()).map(RwSst::sstId).toList();
            List<Long> l1 = group.levels().get(0).ssts().stream().map(RwSst::sstId).toList();
            List<RwGroupDelta> deltas = List.of(
                    new RwGroupDelta.IntraLevel(0, 0, l0, List.of()),
                    new RwGroupDelta.IntraLevel(1, 0, l1, List.of(newSst(group.memberTableIds()))));
            commit(sameEpoch(current, false, new TreeMap<>(Map.of(group.groupId(), deltas))));
            return;
        }
    }

    /** Moves one SST of the oldest L0 sub-level into an empty L1 unchanged (same sst and object id). */
    private void trivialMove() {
        RwVersion current = version.build();
        for (RwGroup group : current.groups().values()) {
            if (group.l0SubLevels().isEmpty() || !group.levels().get(0).ssts().isEmpty()) {
                continue;
            }
            RwSst moved = group.l0SubLevels().get(0).ssts().get(0);
            List<RwGroupDelta> deltas = List.of(
                    new RwGroupDelta.IntraLevel(0, 0, List.of(moved.sstId()), List.of()),
                    new RwGroupDelta.IntraLevel(1, 0, List.of(), List.of(moved)));
            commit(sameEpoch(current, true, new TreeMap<>(Map.of(group.groupId(), deltas))));
            return;
        }
    }

    /** Splits a table out of a static group into a new group, or destroys a split group once there are a few. */
    private void splitOrDestroy() {
        RwVersion current = version.build();
        if (current.groups().size() >= MAX_GROUPS) {
            long victim = current.groups().lastKey();
            List<Integer> dropped = current.groups().get(victim).memberTableIds();
            commit(new RwDelta(current.id() + 1, current.id(), current.maxCommittedEpoch(), current.safeEpoch(), false,
                    new TreeMap<>(Map.of(victim, List.of(new RwGroupDelta.GroupDestroy()))), dropped, new TreeMap<>(), new TreeMap<>(), new byte[0]));
            etcd.deleteRange(KeyRange.single(key("cf/hummock_6/", victim)));
            return;
        }
        RwGroup parent = current.groups().get(STATIC_GROUPS[random.nextInt(STATIC_GROUPS.length)]);
        if (parent == null) {
            return;
        }
        // the parent keeps listing moved tables (RisingWave drops them with a separate meta change): ask the table info
        List<Integer> staying = parent.memberTableIds().stream().filter(t -> current.stateTableInfo().containsKey(t)
                && current.stateTableInfo().get(t).compactionGroupId() == parent.groupId()).toList();
        if (staying.size() < 2) {
            return;
        }
        int table = staying.get(random.nextInt(staying.size()));
        long group = nextGroup++;
        // a split hands out new sst ids for both sides of every branched SST: leave room for them
        long ssts = parent.l0SubLevels().stream().mapToLong(l -> l.ssts().size()).sum() + parent.levels().stream().mapToLong(l -> l.ssts().size()).sum();
        long start = ids.getAndAdd(2 * ssts + 2);
        SortedMap<Integer, RwStateTableInfo> info = new TreeMap<>();
        RwStateTableInfo old = current.stateTableInfo().get(table);
        if (old != null) {
            info.put(table, new RwStateTableInfo(old.committedEpoch(), old.safeEpoch(), group));
        }
        commit(new RwDelta(current.id() + 1, current.id(), current.maxCommittedEpoch(), current.safeEpoch(), false,
                new TreeMap<>(Map.of(group, List.of(new RwGroupDelta.GroupConstruct(group, parent.groupId(), List.of(table), start)))),
                List.of(), new TreeMap<>(), info, new byte[0]));
        etcd.putAll(List.of(new MetaEntry(key("cf/hummock_6/", group), ("group " + group).getBytes(StandardCharsets.UTF_8), 0)));
    }

    /** Folds the whole delta log into the checkpoint, then deletes folded deltas but the last two. */
    @Override
    public void checkpoint() {
        RwVersion current = version.build();
        hummock.write(HummockStorage.CHECKPOINT, RwHummockCodec.encodeCheckpoint(current));
        long keepFrom = current.id() - LEFTOVER_DELTAS + 1;
        for (long id = lowestDelta; id < keepFrom; id++) {
            etcd.deleteRange(KeyRange.single(key(MetaKeys.HUMMOCK_DELTAS, id)));
        }
        lowestDelta = Math.max(lowestDelta == Long.MAX_VALUE ? keepFrom : lowestDelta, keepFrom);
    }

    @Override
    public long versionId() {
        return version.id();
    }

    @Override
    public Map<Long, java.util.SortedSet<Long>> objectIdsByVersion() {
        return versions;
    }

    private RwDelta sameEpoch(RwVersion current, boolean trivialMove, SortedMap<Long, List<RwGroupDelta>> groupDeltas) {
        return new RwDelta(current.id() + 1, current.id(), current.maxCommittedEpoch(), current.safeEpoch(), trivialMove, groupDeltas);
    }

    private void commit(RwDelta delta) {
        version.apply(delta);
        versions.put(delta.id(), version.build().objectIds());
        etcd.putAll(List.of(new MetaEntry(key(MetaKeys.HUMMOCK_DELTAS, delta.id()), RwHummockCodec.encodeDelta(delta), 0)));
        lowestDelta = Math.min(lowestDelta, delta.id());
    }

    private RwSst newSst(List<Integer> memberTables) {
        // a new SST's sst id is its object id, as RisingWave hands both out from one generator
        long objectId = ids.getAndIncrement();
        writeObject.accept(objectId);
        return RwSst.of(objectId, objectId, sstBytes.getAsInt(), List.of(memberTables.get(random.nextInt(memberTables.size()))));
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

    private static List<RwLevel> emptyLevels() {
        List<RwLevel> levels = new ArrayList<>();
        for (int i = 1; i <= MAX_LEVEL; i++) {
            levels.add(new RwLevel(i, RwLevel.NONOVERLAPPING, 0, List.of()));
        }
        return levels;
    }
}
