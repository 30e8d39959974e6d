package dev.metasnap.core.hummock.rw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.core.hummock.HummockFormatException;
import dev.metasnap.core.hummock.HummockInconsistencyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Version building on a synthetic history; every expected object set is written by hand. */
class RwVersionTest {

    private static RwSst sst(long objectId, long sstId, Integer... tables) {
        return RwSst.of(objectId, sstId, 10, List.of(tables));
    }

    private static Set<Long> ids(Long... ids) {
        return new TreeSet<>(List.of(ids));
    }

    private static List<Long> sstIds(RwLevel level) {
        return level.ssts().stream().map(RwSst::sstId).toList();
    }

    private static List<Long> subLevelIds(RwGroup group) {
        return group.l0SubLevels().stream().map(RwLevel::subLevelId).toList();
    }

    private static RwLevel level(int idx, RwSst... ssts) {
        return new RwLevel(idx, RwLevel.NONOVERLAPPING, 0, List.of(ssts));
    }

    /** Version 300, epoch 1000: group 2 (tables 1, 2, 3) with L1 {obj 10} and L2 {obj 11}. */
    private static RwVersion checkpoint() {
        TreeMap<Long, RwGroup> groups = new TreeMap<>();
        groups.put(2L, new RwGroup(2, 0, List.of(1, 2, 3), List.of(), List.of(level(1, sst(10, 10, 1)),
                level(2, sst(11, 11, 2, 3)), level(3), level(4), level(5), level(6))));
        return RwVersion.empty(300, 1000, 900, groups);
    }

    private static RwDelta delta(long id, long epoch, boolean trivialMove, Object... groupAndDeltas) {
        TreeMap<Long, List<RwGroupDelta>> groups = new TreeMap<>();
        for (int i = 0; i < groupAndDeltas.length; i += 2) {
            groups.computeIfAbsent((Long) groupAndDeltas[i], g -> new ArrayList<>()).add((RwGroupDelta) groupAndDeltas[i + 1]);
        }
        return new RwDelta(id, id - 1, epoch, 900, trivialMove, groups);
    }

    private static RwGroupDelta.IntraLevel commit(long subLevel, RwSst... ssts) {
        return new RwGroupDelta.IntraLevel(0, subLevel, List.of(), List.of(ssts));
    }

    private static RwGroupDelta.IntraLevel change(int levelIdx, long subLevel, List<Long> removed, RwSst... inserted) {
        return new RwGroupDelta.IntraLevel(levelIdx, subLevel, removed, List.of(inserted));
    }

    /** Deltas 301..308 in id order; see each step in {@link #buildsTheHistory()}. */
    private static List<RwDelta> history() {
        return List.of(
                delta(301, 2000, false, 2L, commit(301, sst(20, 20, 1), sst(20, 21, 2))),
                delta(302, 3000, false, 2L, commit(302, sst(30, 30, 3))),
                delta(303, 3000, false, 2L, change(0, 0, List.of(20L, 30L)),
                        2L, change(1, 0, List.of(10L), sst(40, 40, 1, 2, 3))),
                delta(304, 3000, true, 2L, change(1, 0, List.of(40L)), 2L, change(2, 0, List.of(), sst(40, 40, 1, 2, 3))),
                delta(305, 3000, false, 3L, new RwGroupDelta.GroupConstruct(3, 2, List.of(2), 500)),
                delta(306, 4000, false, 2L, commit(306, sst(61, 61, 1)), 3L, commit(306, sst(60, 60, 2))),
                delta(307, 4000, false, 2L, change(0, 0, List.of(501L))),
                delta(308, 4000, false, 3L, new RwGroupDelta.GroupDestroy()));
    }

    @Test
    void buildsTheHistory() {
        List<RwDelta> h = history();
        RwVersion v = checkpoint();
        assertEquals(ids(10L, 11L), v.objectIds());

        v = v.apply(h.get(0)); // epoch commit: a new L0 sub-level; two sst ids share object 20
        assertEquals(List.of(301L), subLevelIds(v.groups().get(2L)));
        assertEquals(ids(10L, 11L, 20L), v.objectIds());

        v = v.apply(h.get(1));
        assertEquals(List.of(301L, 302L), subLevelIds(v.groups().get(2L)));
        assertEquals(ids(10L, 11L, 20L, 30L), v.objectIds());

        v = v.apply(h.get(2)); // compaction L0 -> L1 by sst id: sst 21 keeps object 20; sub-level 302 emptied
        RwGroup two = v.groups().get(2L);
        assertEquals(List.of(301L), subLevelIds(two));
        assertEquals(List.of(21L), sstIds(two.l0SubLevels().get(0)));
        assertEquals(RwLevel.OVERLAPPING, two.l0SubLevels().get(0).levelType());
        assertEquals(List.of(40L), sstIds(two.levels().get(0)));
        assertEquals(ids(11L, 20L, 40L), v.objectIds());

        v = v.apply(h.get(3)); // trivial move L1 -> L2
        two = v.groups().get(2L);
        assertEquals(List.of(), sstIds(two.levels().get(0)));
        assertEquals(List.of(11L, 40L), sstIds(two.levels().get(1)));
        assertEquals(ids(11L, 20L, 40L), v.objectIds());
        assertTrue(RwHummockCodec.decodeDelta(RwHummockCodec.encodeDelta(h.get(3))).trivialMove());

        v = v.apply(h.get(4)); // split table 2 into group 3: copies take 500, 502, 504; the parent's 501, 503, 505
        two = v.groups().get(2L);
        RwGroup three = v.groups().get(3L);
        assertEquals(List.of(301L), subLevelIds(three));
        assertEquals(List.of(500L), sstIds(three.l0SubLevels().get(0)));
        assertEquals(List.of(501L), sstIds(two.l0SubLevels().get(0)));
        assertEquals(List.of(502L, 504L), sstIds(three.levels().get(1)));
        assertEquals(List.of(503L, 505L), sstIds(two.levels().get(1)));
        assertEquals(List.of(20L, 11L, 40L), List.of(three.l0SubLevels().get(0).ssts().get(0).objectId(),
                three.levels().get(1).ssts().get(0).objectId(), three.levels().get(1).ssts().get(1).objectId()));
        assertEquals(6, three.levels().size(), "as many levels as the parent when the construct has no config");
        assertEquals(2, three.parentGroupId());
        assertEquals(ids(11L, 20L, 40L), v.objectIds());

        v = v.apply(h.get(5));
        assertEquals(ids(11L, 20L, 40L, 60L, 61L), v.objectIds());

        v = v.apply(h.get(6)); // group 2 compacts sst 501 away; object 20 stays through group 3's sst 500
        assertEquals(List.of(306L), subLevelIds(v.groups().get(2L)));
        assertEquals(ids(11L, 20L, 40L, 60L, 61L), v.objectIds());

        v = v.apply(h.get(7)); // group 3 destroyed: 20 and 60 go, 11 and 40 stay in group 2
        assertEquals(Set.of(2L), v.groups().keySet());
        assertEquals(ids(11L, 40L, 61L), v.objectIds());
        assertEquals(308, v.id());
        assertEquals(4000, v.maxCommittedEpoch());
        assertEquals(900, v.safeEpoch());
    }

    @Test
    void deltasAreAppliedInIdOrderWhateverTheirKeyOrder() {
        List<RwDelta> shuffled = new ArrayList<>(history());
        // etcd key order: id 300 is 08 AC 02, id 256 is 08 80 02 -- not id order. Add a leftover already folded in.
        java.util.Collections.reverse(shuffled);
        shuffled.add(2, new RwDelta(300, 299, 999, 900, false, new TreeMap<>()));
        RwVersion v = checkpoint().applyAll(shuffled);
        assertEquals(308, v.id());
        assertEquals(ids(11L, 40L, 61L), v.objectIds());
        assertEquals(v.groups(), RwVersionBuilder.from(checkpoint()).applyInIdOrder(history()).build().groups());
    }

    @Test
    void aBrokenChainIsRefusedNamingBothIds() {
        HummockInconsistencyException e = assertThrows(HummockInconsistencyException.class,
                () -> checkpoint().apply(new RwDelta(12, 10, 2000, 900, false, new TreeMap<>())));
        assertEquals("hummock delta 12 follows version 10, but the version is 300", e.getMessage());

        List<RwDelta> gap = List.of(history().get(0), history().get(1), history().get(3));
        e = assertThrows(HummockInconsistencyException.class, () -> checkpoint().applyAll(gap));
        assertEquals("hummock delta 304 follows version 303, but the version is 302", e.getMessage());
    }

    @Test
    void aLegacyTrivialSplitTakesAwaySstsWhoseTablesAllMove() {
        RwVersion v = checkpoint().apply(history().get(0));
        RwVersion split = v.apply(delta(302, 2000, false,
                3L, new RwGroupDelta.GroupConstruct(3, 2, List.of(2), 700, 0, new byte[] {0x10, 0x03})));
        RwGroup two = split.groups().get(2L);
        RwGroup three = split.groups().get(3L);
        // sst 21 held only table 2: gone from the parent, its copy is 700. sst 11 held 2 and 3: 701 and 702.
        assertEquals(List.of(20L), sstIds(two.l0SubLevels().get(0)));
        assertEquals(List.of(700L), sstIds(three.l0SubLevels().get(0)));
        assertEquals(List.of(702L), sstIds(two.levels().get(1)));
        assertEquals(List.of(701L), sstIds(three.levels().get(1)));
        assertEquals(3, three.levels().size(), "max_level of the construct's config");
        assertEquals(ids(10L, 11L, 20L), split.objectIds());
    }

    @Test
    void from110ASplitMovesTheTablesTheStateTableInfoNames() {
        TreeMap<Integer, RwStateTableInfo> infos = new TreeMap<>();
        infos.put(3, new RwStateTableInfo(1000, 900, 4));
        TreeMap<Long, List<RwGroupDelta>> groups = new TreeMap<>();
        groups.put(4L, List.of(new RwGroupDelta.GroupConstruct(4, 2, List.of(), 800, 2, new byte[0])));
        RwVersion v = checkpoint().apply(new RwDelta(301, 300, 1000, 900, false, groups, List.of(), new TreeMap<>(),
                infos, new byte[0]));
        assertEquals(List.of(800L), sstIds(v.groups().get(4L).levels().get(1)));
        assertEquals(List.of(801L), sstIds(v.groups().get(2L).levels().get(1)));
        assertEquals(new RwStateTableInfo(1000, 900, 4), v.stateTableInfo().get(3));
    }

    @Test
    void anExpiredCompactionIsIgnoredLikeRisingWaveDoes() {
        RwVersion v = checkpoint().apply(history().get(0));
        RwVersion after = v.apply(delta(302, 2000, false, 2L, change(0, 0, List.of(20L, 99L)),
                2L, change(1, 0, List.of(), sst(50, 50, 1))));
        assertEquals(v.groups(), after.groups());
        assertEquals(302, after.id());
    }

    @Test
    void changeLogSstsArePinnedUntilTheTableIsDropped() {
        TreeMap<Integer, RwChangeLogDelta> logs = new TreeMap<>();
        logs.put(1, new RwChangeLogDelta(new RwChangeLog(List.of(sst(90, 90, 1)), List.of(sst(91, 91, 1)), List.of(2000L)), 0));
        TreeMap<Integer, RwStateTableInfo> infos = new TreeMap<>();
        infos.put(1, new RwStateTableInfo(2000, 900, 2));
        RwVersion v = checkpoint().apply(new RwDelta(301, 300, 2000, 900, false, new TreeMap<>(), List.of(),
                logs, infos, new byte[0]));
        assertEquals(ids(10L, 11L, 90L, 91L), v.objectIds());
        v = v.apply(new RwDelta(302, 301, 2000, 900, false, new TreeMap<>(), List.of(1), new TreeMap<>(),
                new TreeMap<>(), new byte[0]));
        assertEquals(ids(10L, 11L), v.objectIds());
        assertEquals(Set.of(), v.stateTableInfo().keySet());
    }

    @Test
    void aGroupDeltaKindNewerThanThisBuildIsRefused() {
        HummockFormatException e = assertThrows(HummockFormatException.class,
                () -> checkpoint().apply(delta(301, 1000, false, 2L, new RwGroupDelta.Other(6, new byte[0]))));
        assertEquals("hummock delta 301: group 2 has a group delta of kind 6, which this build of metasnap does not"
                + " understand", e.getMessage());
    }

    /** An SST whose key range starts at userKey with 8 epoch bytes, as RisingWave writes full keys. */
    private static RwSst keyed(long objectId, String userKey, int epochByte) {
        byte[] left = Arrays.copyOf(userKey.getBytes(java.nio.charset.StandardCharsets.US_ASCII), userKey.length() + 8);
        Arrays.fill(left, userKey.length(), left.length, (byte) epochByte);
        byte[] range = new byte[left.length + 4];
        range[0] = 0x1A;
        range[1] = (byte) (left.length + 2);
        range[2] = 0x0A;
        range[3] = (byte) left.length;
        System.arraycopy(left, 0, range, 4, left.length);
        return RwHummockCodec.decodeSst(RwHummockCodecTest.concat(sst(objectId, objectId, 1).encoded(), range));
    }

    @Test
    void compactionOutputIsInsertedInKeyOrder() {
        TreeMap<Long, RwGroup> groups = new TreeMap<>();
        groups.put(2L, new RwGroup(2, 0, List.of(1), List.of(), List.of(level(1, keyed(1, "m", 0), keyed(2, "x", 0)))));
        RwVersion v = RwVersion.empty(1, 5, 0, groups).apply(
                delta(2, 5, false, 2L, change(1, 0, List.of(), keyed(3, "c", 0), keyed(4, "q", 0), keyed(5, "z", 0))));
        assertEquals(List.of(3L, 1L, 4L, 2L, 5L), sstIds(v.groups().get(2L).levels().get(0)));
    }

    @Test
    void fullKeysCompareByUserKeyThenEpochBytes() {
        byte[] a = {'a', -1, -1, -1, -1, -1, -1, -1, -1};
        byte[] ab = {'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] aOlder = {'a', 0, 0, 0, 0, 0, 0, 0, 1};
        assertTrue(RwKeyOrder.compareFullKeys(a, ab) < 0, "user key a before ab, whatever the epoch bytes");
        assertTrue(RwKeyOrder.compareFullKeys(aOlder, a) < 0);
        assertTrue(RwKeyOrder.compareFullKeys(new byte[0], a) < 0, "no key range is -inf");
    }

    @Test
    void foldingManyDeltasStaysLinear() {
        // 10k SSTs in L1, then 10k deltas alternating an epoch commit and a compaction of that sub-level
        // into L1. Copying the version per delta would touch 10^8 SST references; the builder touches ~10^4.
        List<RwSst> l1 = new ArrayList<>();
        for (long i = 1; i <= 10_000; i++) {
            l1.add(sst(i, i, 1));
        }
        TreeMap<Long, RwGroup> groups = new TreeMap<>();
        groups.put(2L, new RwGroup(2, 0, List.of(1), List.of(), List.of(level(1, l1.toArray(RwSst[]::new)))));
        RwVersion start = RwVersion.empty(0, 1, 0, groups);
        List<RwDelta> deltas = new ArrayList<>();
        long epoch = 1;
        for (long id = 1; id <= 10_000; id += 2) {
            long object = 100_000 + id;
            deltas.add(delta(id, ++epoch, false, 2L, commit(id, sst(object, object, 1))));
            deltas.add(delta(id + 1, epoch, false, 2L, change(0, 0, List.of(object)),
                    2L, change(1, 0, List.of(), sst(object, object + 1, 1))));
        }
        long started = System.nanoTime();
        RwVersion end = start.applyAll(deltas);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(10_000, end.id());
        assertEquals(15_000, end.objectIds().size());
        assertEquals(List.of(), subLevelIds(end.groups().get(2L)));
        assertTrue(millis < 10_000, "10k deltas took " + millis + " ms");
        assertEquals(Arrays.asList(1L, 2L), List.copyOf(end.objectIds()).subList(0, 2));
    }
}
