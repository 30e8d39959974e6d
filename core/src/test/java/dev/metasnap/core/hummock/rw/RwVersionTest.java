package dev.metasnap.core.hummock.rw;

import static dev.metasnap.core.hummock.rw.RwProtos.NONOVERLAPPING;
import static dev.metasnap.core.hummock.rw.RwProtos.OVERLAPPING;
import static dev.metasnap.core.hummock.rw.RwProtos.changeLog;
import static dev.metasnap.core.hummock.rw.RwProtos.construct;
import static dev.metasnap.core.hummock.rw.RwProtos.delta;
import static dev.metasnap.core.hummock.rw.RwProtos.destroy;
import static dev.metasnap.core.hummock.rw.RwProtos.group;
import static dev.metasnap.core.hummock.rw.RwProtos.info;
import static dev.metasnap.core.hummock.rw.RwProtos.intra;
import static dev.metasnap.core.hummock.rw.RwProtos.level;
import static dev.metasnap.core.hummock.rw.RwProtos.rw;
import static dev.metasnap.core.hummock.rw.RwProtos.sstIds;
import static dev.metasnap.core.hummock.rw.RwProtos.subLevel;
import static dev.metasnap.core.hummock.rw.RwProtos.subLevelIds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.metasnap.core.hummock.HummockFormatException;
import dev.metasnap.core.hummock.HummockInconsistencyException;
import dev.metasnap.core.hummock.StateTableInfo;
import dev.metasnap.core.hummock.proto.Hummock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Version building on a synthetic history; every expected object set is written by hand. */
class RwVersionTest {

    private static Hummock.SstableInfo sst(long objectId, long sstId, Integer... tables) {
        return RwProtos.sst(objectId, sstId, 10, tables);
    }

    private static Set<Long> ids(Long... ids) {
        return new TreeSet<>(List.of(ids));
    }

    /** Version 300, epoch 1000: group 2 (tables 1, 2, 3) with L1 {obj 10} and L2 {obj 11}. */
    private static RwVersion checkpoint() {
        return RwProtos.version(300, 1000, 900, group(2, 0, List.of(1, 2, 3), List.of(), List.of(level(1, sst(10, 10, 1)),
                level(2, sst(11, 11, 2, 3)), level(3), level(4), level(5), level(6))));
    }

    private static RwDelta delta(long id, long epoch, boolean trivialMove, Object... groupAndDeltas) {
        return rw(RwProtos.delta(id, epoch, 900, groupAndDeltas).setTrivialMove(trivialMove));
    }

    private static Hummock.GroupDelta commit(long subLevel, Hummock.SstableInfo... ssts) {
        return intra(0, subLevel, List.of(), ssts);
    }

    private static Hummock.GroupDelta change(int levelIdx, long subLevel, List<Long> removed, Hummock.SstableInfo... inserted) {
        return intra(levelIdx, subLevel, removed, inserted);
    }

    /** Deltas 301..308 in id order; see each step in {@link #buildsTheHistory()}. */
    private static List<RwDelta> history() {
        return List.of(
                delta(301, 2000, false, 2L, commit(301, sst(20, 20, 1), sst(20, 21, 2))),
                delta(302, 3000, false, 2L, commit(302, sst(30, 30, 3))),
                delta(303, 3000, false, 2L, change(0, 0, List.of(20L, 30L)),
                        2L, change(1, 0, List.of(10L), sst(40, 40, 1, 2, 3))),
                delta(304, 3000, true, 2L, change(1, 0, List.of(40L)), 2L, change(2, 0, List.of(), sst(40, 40, 1, 2, 3))),
                delta(305, 3000, false, 3L, construct(3, 2, List.of(2), 500)),
                delta(306, 4000, false, 2L, commit(306, sst(61, 61, 1)), 3L, commit(306, sst(60, 60, 2))),
                delta(307, 4000, false, 2L, change(0, 0, List.of(501L))),
                delta(308, 4000, false, 3L, destroy()));
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
        Hummock.HummockVersion.Levels two = v.groups().get(2L);
        assertEquals(List.of(301L), subLevelIds(two));
        assertEquals(List.of(21L), sstIds(two.getL0().getSubLevels(0)));
        assertEquals(OVERLAPPING, two.getL0().getSubLevels(0).getLevelTypeValue());
        assertEquals(List.of(40L), sstIds(two.getLevels(0)));
        assertEquals(ids(11L, 20L, 40L), v.objectIds());

        v = v.apply(h.get(3)); // trivial move L1 -> L2
        two = v.groups().get(2L);
        assertEquals(List.of(), sstIds(two.getLevels(0)));
        assertEquals(List.of(11L, 40L), sstIds(two.getLevels(1)));
        assertEquals(ids(11L, 20L, 40L), v.objectIds());
        assertTrue(RwHummockCodec.decodeDelta(RwHummockCodec.encodeDelta(h.get(3))).message().getTrivialMove());

        v = v.apply(h.get(4)); // split table 2 into group 3: copies take 500, 502, 504; the parent's 501, 503, 505
        two = v.groups().get(2L);
        Hummock.HummockVersion.Levels three = v.groups().get(3L);
        assertEquals(List.of(301L), subLevelIds(three));
        assertEquals(List.of(500L), sstIds(three.getL0().getSubLevels(0)));
        assertEquals(List.of(501L), sstIds(two.getL0().getSubLevels(0)));
        assertEquals(List.of(502L, 504L), sstIds(three.getLevels(1)));
        assertEquals(List.of(503L, 505L), sstIds(two.getLevels(1)));
        assertEquals(List.of(20L, 11L, 40L), List.of(three.getL0().getSubLevels(0).getTableInfos(0).getObjectId(),
                three.getLevels(1).getTableInfos(0).getObjectId(), three.getLevels(1).getTableInfos(1).getObjectId()));
        assertEquals(6, three.getLevelsCount(), "as many levels as the parent when the construct has no config");
        assertEquals(2, three.getParentGroupId());
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
    void levelSizesAreKeptAsRisingWaveKeepsThem() {
        // every SST is 10 bytes, 20 uncompressed (RwProtos.sst)
        List<RwDelta> h = history();
        RwVersion v = checkpoint().applyAll(h.subList(0, 2));
        Hummock.OverlappingLevel l0 = v.groups().get(2L).getL0();
        assertEquals(List.of(20L, 10L), l0.getSubLevelsList().stream().map(Hummock.Level::getTotalFileSize).toList());
        assertEquals(List.of(30L, 60L), List.of(l0.getTotalFileSize(), l0.getUncompressedFileSize()));

        v = v.apply(h.get(2)); // 20 and 30 compacted away from L0 (recounted), 40 replaces 10 in L1
        Hummock.HummockVersion.Levels two = v.groups().get(2L);
        assertEquals(List.of(10L, 20L), List.of(two.getL0().getTotalFileSize(), two.getL0().getUncompressedFileSize()));
        assertEquals(List.of(10L, 20L), List.of(two.getLevels(0).getTotalFileSize(), two.getLevels(0).getUncompressedFileSize()));

        v = v.applyAll(h.subList(3, 5)); // trivial move, then a split: branched copies add to the new group's sizes
        Hummock.HummockVersion.Levels three = v.groups().get(3L);
        assertEquals(List.of(10L, 10L), List.of(three.getL0().getTotalFileSize(), three.getL0().getSubLevels(0).getTotalFileSize()));
        assertEquals(20, three.getLevels(1).getTotalFileSize());
        assertEquals(20, v.groups().get(2L).getLevels(1).getTotalFileSize(), "a split that is not trivial leaves the parent's sizes");
    }

    @Test
    void deltasAreAppliedInIdOrderWhateverTheirKeyOrder() {
        List<RwDelta> shuffled = new ArrayList<>(history());
        // etcd key order: id 300 is 08 AC 02, id 256 is 08 80 02 -- not id order. Add a leftover already folded in.
        Collections.reverse(shuffled);
        shuffled.add(2, rw(RwProtos.delta(300, 999, 900)));
        RwVersion v = checkpoint().applyAll(shuffled);
        assertEquals(308, v.id());
        assertEquals(ids(11L, 40L, 61L), v.objectIds());
        assertEquals(v, RwVersionBuilder.from(checkpoint()).applyInIdOrder(history()).build());
    }

    @Test
    void aBrokenChainIsRefusedNamingBothIds() {
        HummockInconsistencyException e = assertThrows(HummockInconsistencyException.class,
                () -> checkpoint().apply(rw(RwProtos.delta(12, 2000, 900).setPrevId(10))));
        assertEquals("hummock delta 12 follows version 10, but the version is 300", e.getMessage());

        List<RwDelta> gap = List.of(history().get(0), history().get(1), history().get(3));
        e = assertThrows(HummockInconsistencyException.class, () -> checkpoint().applyAll(gap));
        assertEquals("hummock delta 304 follows version 303, but the version is 302", e.getMessage());
    }

    @Test
    void aLegacyTrivialSplitTakesAwaySstsWhoseTablesAllMove() {
        RwVersion v = checkpoint().apply(history().get(0));
        RwVersion split = v.apply(delta(302, 2000, false,
                3L, construct(3, 2, List.of(2), 700, Hummock.CompatibilityVersion.VERSION_UNSPECIFIED_VALUE, 3)));
        Hummock.HummockVersion.Levels two = split.groups().get(2L);
        Hummock.HummockVersion.Levels three = split.groups().get(3L);
        // sst 21 held only table 2: gone from the parent, its copy is 700. sst 11 held 2 and 3: 701 and 702.
        assertEquals(List.of(20L), sstIds(two.getL0().getSubLevels(0)));
        assertEquals(List.of(700L), sstIds(three.getL0().getSubLevels(0)));
        assertEquals(List.of(702L), sstIds(two.getLevels(1)));
        assertEquals(List.of(701L), sstIds(three.getLevels(1)));
        assertEquals(3, three.getLevelsCount(), "max_level of the construct's config");
        assertEquals(ids(10L, 11L, 20L), split.objectIds());
        // the SST taken away leaves the parent's sub-level and L0 sizes
        assertEquals(List.of(10L, 10L), List.of(two.getL0().getSubLevels(0).getTotalFileSize(), two.getL0().getTotalFileSize()));
    }

    @Test
    void from110ASplitMovesTheTablesTheStateTableInfoNames() {
        RwVersion v = checkpoint().apply(rw(RwProtos.delta(301, 1000, 900,
                4L, construct(4, 2, List.of(), 800, Hummock.CompatibilityVersion.NO_MEMBER_TABLE_IDS_VALUE, 0))
                .putStateTableInfoDelta(3, info(1000, 900, 4))));
        assertEquals(List.of(800L), sstIds(v.groups().get(4L).getLevels(1)));
        assertEquals(List.of(801L), sstIds(v.groups().get(2L).getLevels(1)));
        assertEquals(new StateTableInfo(1000, 900, 4), v.stateTableInfo().get(3));
    }

    @Test
    void aMetaChangeUpdatesTheMemberTables() {
        RwVersion v = checkpoint().apply(delta(301, 1000, false, 2L, RwProtos.metaChange(List.of(7), List.of(2))));
        @SuppressWarnings("deprecation")
        List<Integer> members = v.groups().get(2L).getMemberTableIdsList();
        assertEquals(List.of(1, 3, 7), members);
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
        Hummock.HummockVersionDelta.ChangeLogDelta log = Hummock.HummockVersionDelta.ChangeLogDelta.newBuilder()
                .setNewLog(changeLog(List.of(sst(90, 90, 1)), List.of(sst(91, 91, 1)), 2000L)).build();
        RwVersion v = checkpoint().apply(rw(RwProtos.delta(301, 2000, 900).putChangeLogDelta(1, log)
                .putStateTableInfoDelta(1, info(2000, 900, 2))));
        assertEquals(ids(10L, 11L, 90L, 91L), v.objectIds());
        v = v.apply(rw(RwProtos.delta(302, 2000, 900).addRemovedTableIds(1)));
        assertEquals(ids(10L, 11L), v.objectIds());
        assertEquals(Set.of(), v.stateTableInfo().keySet());
    }

    @Test
    void aChangeLogIsTruncatedAndDroppedWhenItsTableMovesOnWithoutOne() {
        Hummock.HummockVersionDelta.ChangeLogDelta first = Hummock.HummockVersionDelta.ChangeLogDelta.newBuilder()
                .setNewLog(changeLog(List.of(), List.of(sst(90, 90, 1)), 2000L, 2001L)).build();
        Hummock.HummockVersionDelta.ChangeLogDelta second = Hummock.HummockVersionDelta.ChangeLogDelta.newBuilder()
                .setNewLog(changeLog(List.of(), List.of(sst(91, 91, 1)), 3000L)).setTruncateEpoch(2000).build();
        RwVersion v = checkpoint().applyAll(List.of(
                rw(RwProtos.delta(301, 2001, 900).putChangeLogDelta(1, first).putStateTableInfoDelta(1, info(2001, 900, 2))),
                rw(RwProtos.delta(302, 3000, 900).putChangeLogDelta(1, second).putStateTableInfoDelta(1, info(3000, 900, 2)))));
        // epochs up to the truncate epoch go; the entry keeps 2001
        assertEquals(List.of(List.of(2001L), List.of(3000L)), v.message().getTableChangeLogsMap().get(1).getChangeLogsList().stream()
                .map(Hummock.EpochNewChangeLog::getEpochsList).toList());
        v = v.apply(rw(RwProtos.delta(303, 4000, 900).putStateTableInfoDelta(1, info(4000, 900, 2))));
        assertEquals(Set.of(), v.message().getTableChangeLogsMap().keySet());
        assertEquals(ids(10L, 11L), v.objectIds());
    }

    @Test
    void aGroupDeltaKindNewerThanThisBuildIsRefused() {
        Hummock.GroupDelta newer = Hummock.GroupDelta.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                .addField(6, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.EMPTY).build()).build()).build();
        HummockFormatException e = assertThrows(HummockFormatException.class,
                () -> checkpoint().apply(delta(301, 1000, false, 2L, newer)));
        assertEquals("hummock delta 301: group 2 has a group delta of kind 6, which this build of metasnap does not"
                + " understand", e.getMessage());
    }

    @Test
    void fieldsThisBuildDoesNotKnowSurviveTheDeltas() {
        UnknownFieldSet newer = UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build()).build();
        Hummock.Level l1 = level(1, sst(10, 10, 1)).toBuilder().setUnknownFields(newer).build();
        RwVersion start = new RwVersion(RwProtos.version(300, 1000, 900, group(2, 0, List.of(1), List.of(), List.of(l1, level(2))))
                .message().toBuilder().setUnknownFields(newer).build());
        RwVersion v = start.apply(delta(301, 1000, false, 2L, change(1, 0, List.of(10L), sst(12, 12, 1))));
        RwVersion reread = RwHummockCodec.decodeCheckpoint(RwHummockCodec.encodeCheckpoint(v));
        assertEquals(newer, reread.message().getUnknownFields(), "the version's own");
        assertEquals(newer, reread.groups().get(2L).getLevels(0).getUnknownFields(), "on a level the delta changed");
        assertEquals(List.of(12L), sstIds(reread.groups().get(2L).getLevels(0)));

        Hummock.StateTableInfoDelta info = info(1000, 900, 2).toBuilder().setUnknownFields(newer).build();
        RwVersion withInfo = start.apply(rw(RwProtos.delta(301, 1000, 900).putStateTableInfoDelta(1, info)));
        assertEquals(newer, withInfo.message().getStateTableInfoMap().get(1).getUnknownFields(), "a state table info delta's");
    }

    @Test
    void compactionTakesTheTasksVnodePartitioningIntoAnEmptyLevel() {
        // group 2 holds only table 1: an L0 sub-level rewritten whole and an emptied L1 take the task's count
        RwVersion v = RwProtos.version(300, 1000, 900, group(2, 0, List.of(1), List.of(subLevel(5, NONOVERLAPPING, sst(1, 1, 1))),
                List.of(level(1), level(2, sst(2, 2, 1)))));
        v = v.apply(rw(RwProtos.delta(301, 1000, 900, 2L, intra(0, 5, List.of(1L), 4), 2L, intra(0, 5, List.of(), 4, sst(3, 3, 1)))
                .putStateTableInfoDelta(1, info(1000, 900, 2))));
        assertEquals(4, v.groups().get(2L).getL0().getSubLevels(0).getVnodePartitionCount());
        v = v.apply(rw(RwProtos.delta(302, 1000, 900, 2L, intra(1, 0, List.of(), 8, sst(4, 4, 1)))));
        assertEquals(8, v.groups().get(2L).getLevels(0).getVnodePartitionCount());
        // into a level that is not empty the count stays
        v = v.apply(rw(RwProtos.delta(303, 1000, 900, 2L, intra(2, 0, List.of(), 8, sst(5, 5, 1)))));
        assertEquals(0, v.groups().get(2L).getLevels(1).getVnodePartitionCount());
    }

    /** An SST whose key range starts at userKey with 8 epoch bytes, as RisingWave writes full keys. */
    private static Hummock.SstableInfo keyed(long objectId, String userKey, int epochByte) {
        byte[] left = Arrays.copyOf(userKey.getBytes(java.nio.charset.StandardCharsets.US_ASCII), userKey.length() + 8);
        Arrays.fill(left, userKey.length(), left.length, (byte) epochByte);
        return sst(objectId, objectId, 1).toBuilder().setKeyRange(Hummock.KeyRange.newBuilder().setLeft(ByteString.copyFrom(left))).build();
    }

    @Test
    void compactionOutputIsInsertedInKeyOrder() {
        RwVersion v = RwProtos.version(1, 5, 0, group(2, 0, List.of(1), List.of(), List.of(level(1, keyed(1, "m", 0), keyed(2, "x", 0)))))
                .apply(delta(2, 5, false, 2L, change(1, 0, List.of(), keyed(3, "c", 0), keyed(4, "q", 0), keyed(5, "z", 0))));
        assertEquals(List.of(3L, 1L, 4L, 2L, 5L), sstIds(v.groups().get(2L).getLevels(0)));
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
        Hummock.SstableInfo[] l1 = new Hummock.SstableInfo[10_000];
        for (int i = 0; i < l1.length; i++) {
            l1[i] = sst(i + 1, i + 1, 1);
        }
        RwVersion start = RwProtos.version(0, 1, 0, group(2, 0, List.of(1), List.of(), List.of(level(1, l1))));
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
        assertEquals(15_000 * 10, end.groups().get(2L).getLevels(0).getTotalFileSize());
        assertTrue(millis < 10_000, "10k deltas took " + millis + " ms");
        assertEquals(Arrays.asList(1L, 2L), List.copyOf(end.objectIds()).subList(0, 2));
    }
}
