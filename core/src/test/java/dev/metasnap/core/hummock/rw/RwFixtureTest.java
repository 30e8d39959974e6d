package dev.metasnap.core.hummock.rw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Decodes bytes written by the real protoc from resources/rw/*.txtpb (scripts/make-rw-fixtures.sh),
 * not by our encoder. The expected values are read off the text files by hand.
 */
class RwFixtureTest {

    private static final long E0 = 9138968985600000L;
    private static final long E1 = 9138972917760000L;
    private static final long SAFE = 9138968920064000L;

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = RwFixtureTest.class.getResourceAsStream("/rw/" + name + ".bin")) {
            return in.readAllBytes();
        }
    }

    private static Set<Long> ids(Long... ids) {
        return new TreeSet<>(List.of(ids));
    }

    @Test
    void decodesTheCheckpoint() throws IOException {
        RwVersion v = RwHummockCodec.decodeCheckpoint(fixture("checkpoint_300"));
        assertEquals(300, v.id());
        assertEquals(E0, v.maxCommittedEpoch());
        assertEquals(SAFE, v.safeEpoch());
        assertEquals(Set.of(2L, 3L), v.groups().keySet());
        assertEquals(ids(300L, 4000L, 5001L, 5002L, 6000L), v.objectIds());

        RwGroup two = v.groups().get(2L);
        assertEquals(List.of(1001, 1002), two.memberTableIds());
        assertEquals(List.of(250L, 260L), two.l0SubLevels().stream().map(RwLevel::subLevelId).toList());
        assertEquals(6, two.levels().size());
        RwSst first = two.l0SubLevels().get(0).ssts().get(0);
        assertEquals(5001, first.objectId());
        assertEquals(5001, first.sstId());
        assertEquals(100, first.fileSize());
        assertEquals(List.of(1001), first.tableIds());
        assertEquals(5003, two.l0SubLevels().get(1).ssts().get(0).sstId());
        assertEquals(List.of(1001, 1002), two.levels().get(0).ssts().get(0).tableIds());

        RwGroup three = v.groups().get(3L);
        assertEquals(2, three.parentGroupId());
        assertEquals(3, three.levels().size());
        assertEquals(new RwStateTableInfo(E0, SAFE, 3), v.stateTableInfo().get(1003));
        assertEquals(List.of(E0), v.tableChangeLogs().get(1002).get(0).epochs());
        assertTrue(v.tableWatermarks().length > 0, "the table watermark is kept");
    }

    @Test
    void theCheckpointSurvivesOurEncoderWithSstBytesVerbatim() throws IOException {
        RwVersion v = RwHummockCodec.decodeCheckpoint(fixture("checkpoint_300"));
        RwVersion again = RwHummockCodec.decodeCheckpoint(RwHummockCodec.encodeCheckpoint(v));
        assertEquals(v.objectIds(), again.objectIds());
        assertEquals(v.groups(), again.groups());
        assertEquals(v.stateTableInfo(), again.stateTableInfo());
        assertEquals(v.tableChangeLogs(), again.tableChangeLogs());
        assertArrayEquals(v.tableWatermarks(), again.tableWatermarks());
        // The SST with a key range and a field this build does not know comes back byte for byte.
        byte[] sst = again.groups().get(2L).l0SubLevels().get(0).ssts().get(0).encoded();
        assertTrue(new String(sst, java.nio.charset.StandardCharsets.ISO_8859_1).contains("from a newer RisingWave"));
    }

    @Test
    void decodesTheDeltas() throws IOException {
        RwDelta d301 = RwHummockCodec.decodeDelta(fixture("delta_301"));
        assertEquals(301, d301.id());
        assertEquals(300, d301.prevId());
        assertEquals(E1, d301.maxCommittedEpoch());
        assertEquals(SAFE, d301.safeEpoch());
        RwGroupDelta.IntraLevel commit = (RwGroupDelta.IntraLevel) d301.groupDeltas().get(2L).get(0);
        assertEquals(301, commit.l0SubLevelId());
        assertEquals(7001, commit.inserted().get(0).objectId());
        assertEquals(7003, d301.changeLogDelta().get(1002).newLog().newValue().get(0).objectId());
        assertEquals(new RwStateTableInfo(E1, SAFE, 2), d301.stateTableInfoDelta().get(1001));
        assertEquals(d301, RwHummockCodec.decodeDelta(RwHummockCodec.encodeDelta(d301)));

        RwDelta d302 = RwHummockCodec.decodeDelta(fixture("delta_302"));
        RwGroupDelta.IntraLevel fromL0 = (RwGroupDelta.IntraLevel) d302.groupDeltas().get(2L).get(0);
        assertEquals(List.of(5001L, 5002L), fromL0.removedSstIds());

        RwDelta d303 = RwHummockCodec.decodeDelta(fixture("delta_303"));
        assertEquals(List.of(new RwGroupDelta.GroupDestroy()), d303.groupDeltas().get(3L));
        RwGroupDelta.GroupConstruct construct = (RwGroupDelta.GroupConstruct) d303.groupDeltas().get(4L).get(0);
        assertEquals(List.of(4L, 2L, 9000L, 1L), List.of(construct.groupId(), construct.parentGroupId(),
                construct.newSstStartId(), (long) construct.compatibilityVersion()));
        assertEquals(List.of(1002), construct.tableIds());
        assertEquals(4, RwHummockCodec.maxLevel(construct.groupConfig()));
        assertEquals(RwGroupDelta.Other.GROUP_META_CHANGE,
                ((RwGroupDelta.Other) d303.groupDeltas().get(2L).get(0)).fieldNumber());
    }

    @Test
    void buildsTheVersionFromTheCheckpointAndDeltas() throws IOException {
        RwVersion checkpoint = RwHummockCodec.decodeCheckpoint(fixture("checkpoint_300"));
        List<RwDelta> deltas = List.of(RwHummockCodec.decodeDelta(fixture("delta_303")),
                RwHummockCodec.decodeDelta(fixture("delta_301")), RwHummockCodec.decodeDelta(fixture("delta_302")));

        RwVersion v301 = checkpoint.apply(deltas.get(1));
        assertEquals(ids(300L, 4000L, 5001L, 5002L, 6000L, 7001L, 7002L, 7003L), v301.objectIds());
        assertEquals(List.of(250L, 260L, 301L),
                v301.groups().get(2L).l0SubLevels().stream().map(RwLevel::subLevelId).toList());

        RwVersion v302 = v301.apply(deltas.get(2));
        // 4000 and 5002 compacted away; 5001 stays through sst 5003.
        assertEquals(ids(300L, 5001L, 6000L, 7001L, 7002L, 7003L, 8000L), v302.objectIds());
        assertEquals(List.of(260L, 301L), v302.groups().get(2L).l0SubLevels().stream().map(RwLevel::subLevelId).toList());

        RwVersion v303 = checkpoint.applyAll(deltas);
        assertEquals(303, v303.id());
        assertEquals(E1, v303.maxCommittedEpoch());
        assertEquals(Set.of(2L, 4L), v303.groups().keySet());
        assertEquals(ids(5001L, 6000L, 7001L, 7003L, 8000L), v303.objectIds());
        RwGroup two = v303.groups().get(2L);
        RwGroup four = v303.groups().get(4L);
        assertEquals(List.of(1001), two.memberTableIds());
        assertEquals(List.of(1002), four.memberTableIds());
        assertEquals(4, four.levels().size());
        // Branched: the copy takes the first new id, the parent's SST the next.
        assertEquals(List.of(9000L), four.l0SubLevels().get(0).ssts().stream().map(RwSst::sstId).toList());
        assertEquals(260, four.l0SubLevels().get(0).subLevelId());
        assertEquals(5001, four.l0SubLevels().get(0).ssts().get(0).objectId());
        assertEquals(9001, two.l0SubLevels().get(0).ssts().get(0).sstId());
        assertEquals(9002, four.levels().get(0).ssts().get(0).sstId());
        assertEquals(9003, two.levels().get(0).ssts().get(0).sstId());
        assertEquals(8000, four.levels().get(0).ssts().get(0).objectId());
    }
}
