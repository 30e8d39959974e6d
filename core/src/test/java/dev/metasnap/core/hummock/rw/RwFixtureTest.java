package dev.metasnap.core.hummock.rw;

import static dev.metasnap.core.hummock.rw.RwProtos.sstIds;
import static dev.metasnap.core.hummock.rw.RwProtos.subLevelIds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.metasnap.core.hummock.StateTableInfo;
import dev.metasnap.core.hummock.proto.Hummock;
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
    @SuppressWarnings("deprecation") // member_table_ids
    void decodesTheCheckpoint() throws IOException {
        RwVersion v = RwHummockCodec.decodeCheckpoint(fixture("checkpoint_300"));
        assertEquals(300, v.id());
        assertEquals(E0, v.maxCommittedEpoch());
        assertEquals(SAFE, v.safeEpoch());
        assertEquals(Set.of(2L, 3L), v.groups().keySet());
        assertEquals(ids(300L, 4000L, 5001L, 5002L, 6000L), v.objectIds());

        Hummock.HummockVersion.Levels two = v.groups().get(2L);
        assertEquals(List.of(1001, 1002), two.getMemberTableIdsList());
        assertEquals(List.of(250L, 260L), subLevelIds(two));
        assertEquals(6, two.getLevelsCount());
        Hummock.SstableInfo first = two.getL0().getSubLevels(0).getTableInfos(0);
        assertEquals(5001, first.getObjectId());
        assertEquals(5001, first.getSstId());
        assertEquals(100, first.getFileSize());
        assertEquals(List.of(1001), first.getTableIdsList());
        assertEquals(5003, two.getL0().getSubLevels(1).getTableInfos(0).getSstId());
        assertEquals(List.of(1001, 1002), two.getLevels(0).getTableInfos(0).getTableIdsList());

        Hummock.HummockVersion.Levels three = v.groups().get(3L);
        assertEquals(2, three.getParentGroupId());
        assertEquals(3, three.getLevelsCount());
        assertEquals(new StateTableInfo(E0, SAFE, 3), v.stateTableInfo().get(1003));
        assertEquals(List.of(E0), v.message().getTableChangeLogsMap().get(1002).getChangeLogs(0).getEpochsList());
        Hummock.VnodeWatermark watermark = v.message().getTableWatermarksMap().get(1001).getEpochWatermarks(0).getWatermarks(0);
        assertEquals(ByteString.copyFrom(new byte[] {(byte) 0xFF}), watermark.getVnodeBitmap().getBody(), "the table watermark is kept");
    }

    @Test
    void ourEncoderWritesTheCheckpointsVersionByteForByteAsProtocDid() throws IOException {
        byte[] bytes = fixture("checkpoint_300");
        RwVersion v = RwHummockCodec.decodeCheckpoint(bytes);
        // The fixture less its stale objects (field 2), which a checkpoint written from a version has none of.
        UnknownFieldSet raw = UnknownFieldSet.parseFrom(bytes);
        byte[] versionOnly = UnknownFieldSet.newBuilder().addField(1, raw.getField(1)).build().toByteArray();
        assertArrayEquals(versionOnly, RwHummockCodec.encodeCheckpoint(v));
        // Among those bytes, the fields RisingWave 1.10 does not have: the version's and an SST's.
        assertEquals(List.of(42L), v.message().getUnknownFields().getField(98).getVarintList());
        Hummock.SstableInfo sst = v.groups().get(2L).getL0().getSubLevels(0).getTableInfos(0);
        assertEquals(ByteString.copyFromUtf8("from a newer RisingWave"), sst.getUnknownFields().getField(99).getLengthDelimitedList().get(0));
    }

    @Test
    void decodesTheDeltas() throws IOException {
        RwDelta d301 = RwHummockCodec.decodeDelta(fixture("delta_301"));
        assertEquals(301, d301.id());
        assertEquals(300, d301.prevId());
        assertEquals(E1, d301.message().getMaxCommittedEpoch());
        assertEquals(SAFE, d301.message().getSafeEpoch());
        Hummock.IntraLevelDelta commit = d301.message().getGroupDeltasMap().get(2L).getGroupDeltas(0).getIntraLevel();
        assertEquals(301, commit.getL0SubLevelId());
        assertEquals(7001, commit.getInsertedTableInfos(0).getObjectId());
        assertEquals(7003, d301.message().getChangeLogDeltaMap().get(1002).getNewLog().getNewValue(0).getObjectId());
        Hummock.StateTableInfoDelta info = d301.message().getStateTableInfoDeltaMap().get(1001);
        assertEquals(List.of(E1, SAFE, 2L), List.of(info.getCommittedEpoch(), info.getSafeEpoch(), info.getCompactionGroupId()));
        // gc_object_ids (7, to 1.8) and a field of a newer RisingWave (97) are unknown, and written back
        RwDelta again = RwHummockCodec.decodeDelta(RwHummockCodec.encodeDelta(d301));
        assertEquals(d301, again);
        ByteString gcObjectIds = again.message().getUnknownFields().getField(7).getLengthDelimitedList().get(0);
        assertEquals(3998L, gcObjectIds.newCodedInput().readUInt64(), "packed, as protoc writes a repeated uint64");
        assertEquals(List.of(7L), again.message().getUnknownFields().getField(97).getFixed64List());

        byte[] bytes302 = fixture("delta_302");
        RwDelta d302 = RwHummockCodec.decodeDelta(bytes302);
        assertEquals(List.of(5001L, 5002L), d302.message().getGroupDeltasMap().get(2L).getGroupDeltas(0).getIntraLevel().getRemovedTableIdsList());
        assertArrayEquals(bytes302, RwHummockCodec.encodeDelta(d302), "byte for byte as protoc wrote it");

        byte[] bytes303 = fixture("delta_303");
        RwDelta d303 = RwHummockCodec.decodeDelta(bytes303);
        assertEquals(Hummock.GroupDelta.DeltaTypeCase.GROUP_DESTROY, d303.message().getGroupDeltasMap().get(3L).getGroupDeltas(0).getDeltaTypeCase());
        Hummock.GroupConstruct construct = d303.message().getGroupDeltasMap().get(4L).getGroupDeltas(0).getGroupConstruct();
        assertEquals(List.of(4L, 2L, 9000L, 1L), List.of(construct.getGroupId(), construct.getParentGroupId(),
                construct.getNewSstStartId(), (long) construct.getVersionValue()));
        @SuppressWarnings("deprecation")
        List<Integer> tableIds = construct.getTableIdsList();
        assertEquals(List.of(1002), tableIds);
        assertEquals(4, construct.getGroupConfig().getMaxLevel());
        assertEquals(Hummock.GroupDelta.DeltaTypeCase.GROUP_META_CHANGE,
                d303.message().getGroupDeltasMap().get(2L).getGroupDeltas(0).getDeltaTypeCase());
        assertArrayEquals(bytes303, RwHummockCodec.encodeDelta(d303), "byte for byte as protoc wrote it");
    }

    @Test
    @SuppressWarnings("deprecation") // member_table_ids
    void buildsTheVersionFromTheCheckpointAndDeltas() throws IOException {
        RwVersion checkpoint = RwHummockCodec.decodeCheckpoint(fixture("checkpoint_300"));
        List<RwDelta> deltas = List.of(RwHummockCodec.decodeDelta(fixture("delta_303")),
                RwHummockCodec.decodeDelta(fixture("delta_301")), RwHummockCodec.decodeDelta(fixture("delta_302")));

        RwVersion v301 = checkpoint.apply(deltas.get(1));
        assertEquals(ids(300L, 4000L, 5001L, 5002L, 6000L, 7001L, 7002L, 7003L), v301.objectIds());
        assertEquals(List.of(250L, 260L, 301L), subLevelIds(v301.groups().get(2L)));

        RwVersion v302 = v301.apply(deltas.get(2));
        // 4000 and 5002 compacted away; 5001 stays through sst 5003.
        assertEquals(ids(300L, 5001L, 6000L, 7001L, 7002L, 7003L, 8000L), v302.objectIds());
        assertEquals(List.of(260L, 301L), subLevelIds(v302.groups().get(2L)));

        RwVersion v303 = checkpoint.applyAll(deltas);
        assertEquals(303, v303.id());
        assertEquals(E1, v303.maxCommittedEpoch());
        assertEquals(Set.of(2L, 4L), v303.groups().keySet());
        assertEquals(ids(5001L, 6000L, 7001L, 7003L, 8000L), v303.objectIds());
        Hummock.HummockVersion.Levels two = v303.groups().get(2L);
        Hummock.HummockVersion.Levels four = v303.groups().get(4L);
        assertEquals(List.of(1001), two.getMemberTableIdsList());
        assertEquals(List.of(1002), four.getMemberTableIdsList());
        assertEquals(4, four.getLevelsCount());
        // Branched: the copy takes the first new id, the parent's SST the next.
        assertEquals(List.of(9000L), sstIds(four.getL0().getSubLevels(0)));
        assertEquals(260, four.getL0().getSubLevels(0).getSubLevelId());
        assertEquals(5001, four.getL0().getSubLevels(0).getTableInfos(0).getObjectId());
        assertEquals(9001, two.getL0().getSubLevels(0).getTableInfos(0).getSstId());
        assertEquals(9002, four.getLevels(0).getTableInfos(0).getSstId());
        assertEquals(9003, two.getLevels(0).getTableInfos(0).getSstId());
        assertEquals(8000, four.getLevels(0).getTableInfos(0).getObjectId());
        // the version's own field of a newer RisingWave is still there three deltas on
        assertEquals(List.of(42L), v303.message().getUnknownFields().getField(98).getVarintList());
        assertTrue(v303.message().getTableWatermarksMap().containsKey(1001), "the checkpoint's watermarks are kept");
    }
}
