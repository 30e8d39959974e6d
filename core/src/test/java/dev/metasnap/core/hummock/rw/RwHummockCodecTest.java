package dev.metasnap.core.hummock.rw;

import static dev.metasnap.core.hummock.rw.RwProtos.OVERLAPPING;
import static dev.metasnap.core.hummock.rw.RwProtos.changeLog;
import static dev.metasnap.core.hummock.rw.RwProtos.construct;
import static dev.metasnap.core.hummock.rw.RwProtos.destroy;
import static dev.metasnap.core.hummock.rw.RwProtos.group;
import static dev.metasnap.core.hummock.rw.RwProtos.info;
import static dev.metasnap.core.hummock.rw.RwProtos.intra;
import static dev.metasnap.core.hummock.rw.RwProtos.level;
import static dev.metasnap.core.hummock.rw.RwProtos.metaChange;
import static dev.metasnap.core.hummock.rw.RwProtos.subLevel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import dev.metasnap.core.hummock.HummockFormatException;
import dev.metasnap.core.hummock.proto.Hummock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RwHummockCodecTest {

    /**
     * Field 99 once in each wire type, in the order protobuf-java writes unknown fields back (varint,
     * fixed32, fixed64, length-delimited, group), so that bytes holding them can be compared whole.
     */
    static byte[] unknownFields() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeUInt64(99, 1L << 40);
        out.writeFixed32(99, 9);
        out.writeFixed64(99, 7);
        out.writeByteArray(99, new byte[] {1, 2, 3});
        out.writeTag(99, 3);
        out.writeUInt32(1, 5);
        out.writeTag(99, 4);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static Hummock.SstableInfo sst(long objectId, long sstId, Integer... tables) {
        return RwProtos.sst(objectId, sstId, objectId * 10, tables);
    }

    private static RwVersion sampleVersion() {
        return RwProtos.version(1000, (1L << 60) + 3, 1L << 55,
                group(2, 0, List.of(1, 2), List.of(subLevel(300, OVERLAPPING, sst(300, 300, 1), sst(301, 301, 2))),
                        List.of(level(1, sst(256, 256, 1, 2)), level(2))),
                group(300, 2, List.of(3), List.of(), List.of()));
    }

    private static RwDelta deltaWithEveryKind() {
        Hummock.HummockVersionDelta.ChangeLogDelta log = Hummock.HummockVersionDelta.ChangeLogDelta.newBuilder()
                .setNewLog(changeLog(List.of(sst(500, 500, 1)), List.of(sst(501, 501, 1)), 10L, 11L)).setTruncateEpoch(9).build();
        return new RwDelta(RwProtos.delta(1001, 1L << 60, 1L << 55,
                        2L, intra(0, 0, List.of(300L, 301L)),
                        2L, intra(1, 0, List.of(256L), 4, sst(400, 400, 1, 2), sst(400, 401, 2)),
                        2L, metaChange(List.of(), List.of(3)),
                        300L, destroy(),
                        301L, construct(301, 2, List.of(2, 1000), 5000, Hummock.CompatibilityVersion.NO_MEMBER_TABLE_IDS_VALUE, 5))
                .setTrivialMove(true).addAllRemovedTableIds(List.of(3, 70000)).putChangeLogDelta(1, log)
                .putStateTableInfoDelta(1, info(11, 9, 2))
                .putNewTableWatermarks(1, Hummock.TableWatermarks.newBuilder().setIsAscending(true).build())
                .build());
    }

    @Test
    void aCheckpointRoundTrips() {
        RwVersion v = sampleVersion();
        RwVersion again = RwHummockCodec.decodeCheckpoint(RwHummockCodec.encodeCheckpoint(v));
        assertEquals(1000, again.id());
        assertEquals((1L << 60) + 3, again.maxCommittedEpoch());
        assertEquals(1L << 55, again.safeEpoch());
        assertEquals(v.groups(), again.groups());
        assertEquals(List.of(256L, 300L, 301L), List.copyOf(again.objectIds()));
        assertArrayEquals(RwHummockCodec.encodeCheckpoint(v), RwHummockCodec.encodeCheckpoint(again));
    }

    @Test
    void mapsAreWrittenInKeyOrderWhateverTheirOrderInMemory() {
        Hummock.HummockVersion v = sampleVersion().message();
        Hummock.HummockVersion.Builder reversed = v.toBuilder().clearLevels();
        reversed.putLevels(300, v.getLevelsMap().get(300L)).putLevels(2, v.getLevelsMap().get(2L));
        assertArrayEquals(RwHummockCodec.encodeCheckpoint(new RwVersion(v)), RwHummockCodec.encodeCheckpoint(new RwVersion(reversed.build())));
    }

    @Test
    void aDeltaWithEveryGroupDeltaKindRoundTrips() {
        RwDelta d = deltaWithEveryKind();
        byte[] bytes = RwHummockCodec.encodeDelta(d);
        assertEquals(d, RwHummockCodec.decodeDelta(bytes));
        assertArrayEquals(bytes, RwHummockCodec.encodeDelta(RwHummockCodec.decodeDelta(bytes)));
    }

    @Test
    void anSstWithFieldsThisBuildDoesNotKnowSurvivesByteForByte() throws IOException {
        // An SstableInfo as a newer RisingWave writes it: a key range, field 9 and unknown field 99.
        byte[] stored = concat(sst(7, 8, 1).toBuilder().setKeyRange(Hummock.KeyRange.newBuilder().setLeft(ByteString.copyFromUtf8("ab")))
                .setMinEpoch(5).build().toByteArray(), unknownFields());
        Hummock.SstableInfo decoded = Hummock.SstableInfo.parseFrom(stored);
        assertEquals(List.of(7L, 8L, 70L), List.of(decoded.getObjectId(), decoded.getSstId(), decoded.getFileSize()));
        RwDelta d = RwHummockCodec.decodeDelta(RwHummockCodec.encodeDelta(
                new RwDelta(RwProtos.delta(2, 5, 0, 2L, intra(0, 5, List.of(), decoded)).build())));
        Hummock.SstableInfo back = d.message().getGroupDeltasMap().get(2L).getGroupDeltas(0).getIntraLevel().getInsertedTableInfos(0);
        assertArrayEquals(stored, back.toByteArray());
        assertEquals(decoded, back);

        // the same object under another sst_id, as a split makes it: only sst_id changes (8 -> 300 takes one more byte)
        RwVersion split = RwProtos.version(2, 5, 0, group(2, 0, List.of(1), List.of(subLevel(5, OVERLAPPING, back)), List.of(level(1))))
                .apply(new RwDelta(RwProtos.delta(3, 5, 0, 3L, construct(3, 2, List.of(1), 300)).build()));
        Hummock.SstableInfo branched = split.groups().get(3L).getL0().getSubLevels(0).getTableInfos(0);
        assertEquals(List.of(300L, 7L), List.of(branched.getSstId(), branched.getObjectId()));
        assertEquals(stored.length + 1, branched.toByteArray().length);
        assertEquals(back.getUnknownFields(), branched.getUnknownFields());
    }

    @Test
    void unknownFieldsAreKeptAtEveryLevel() throws IOException {
        RwDelta d = deltaWithEveryKind();
        RwDelta withUnknown = RwHummockCodec.decodeDelta(concat(unknownFields(), RwHummockCodec.encodeDelta(d)));
        assertEquals(d.message(), withUnknown.message().toBuilder().setUnknownFields(UnknownFieldSet.getDefaultInstance()).build());
        assertArrayEquals(concat(RwHummockCodec.encodeDelta(d), unknownFields()), RwHummockCodec.encodeDelta(withUnknown),
                "written back after the declared fields");

        // Inside a nested SstableInfo, and in the checkpoint around the version, which a checkpoint written anew leaves out.
        Hummock.SstableInfo inner = Hummock.SstableInfo.parseFrom(concat(sst(42, 43, 5).toByteArray(), unknownFields()));
        RwVersion version = RwProtos.version(9, 10, 11, group(2, 0, List.of(5), List.of(subLevel(9, OVERLAPPING, inner)), List.of()));
        byte[] checkpoint = concat(RwHummockCodec.encodeCheckpoint(version), unknownFields());
        RwVersion v = RwHummockCodec.decodeCheckpoint(checkpoint);
        assertEquals(List.of(42L), List.copyOf(v.objectIds()));
        assertEquals(9, v.id());
        assertEquals(inner.getUnknownFields(), v.groups().get(2L).getL0().getSubLevels(0).getTableInfos(0).getUnknownFields());
        assertArrayEquals(RwHummockCodec.encodeCheckpoint(version), RwHummockCodec.encodeCheckpoint(v));
    }

    @Test
    void aGroupDeltaOfAnUnknownKindIsKept() {
        // GroupDelta{6: {}}: a kind newer than 1.x; decode keeps it, apply refuses it (see RwVersionTest).
        byte[] bytes = {0x08, 0x02, 0x10, 0x01, 0x1A, 0x08, 0x08, 0x02, 0x12, 0x04, 0x0A, 0x02, 0x32, 0x00};
        RwDelta d = RwHummockCodec.decodeDelta(bytes);
        Hummock.GroupDelta kept = d.message().getGroupDeltasMap().get(2L).getGroupDeltas(0);
        assertEquals(Hummock.GroupDelta.DeltaTypeCase.DELTATYPE_NOT_SET, kept.getDeltaTypeCase());
        assertEquals(List.of(ByteString.EMPTY), kept.getUnknownFields().getField(6).getLengthDelimitedList());
        assertArrayEquals(bytes, RwHummockCodec.encodeDelta(d));
    }

    @Test
    void truncatedInputIsRefusedNamingTheByte() {
        byte[] checkpoint = RwHummockCodec.encodeCheckpoint(sampleVersion());
        for (int length = 1; length < checkpoint.length; length++) {
            byte[] cut = Arrays.copyOf(checkpoint, length);
            HummockFormatException e = assertThrows(HummockFormatException.class,
                    () -> RwHummockCodec.decodeCheckpoint(cut), "cut at " + length);
            assertTrue(e.getMessage().startsWith("hummock checkpoint: malformed protobuf at byte "), e.getMessage());
            assertTrue(e.getMessage().contains(" of " + length + " (") && e.getMessage().contains("truncated"), e.getMessage());
        }
        // id 12, prev_id 11, then a group_deltas entry claiming 5 bytes of which 2 are there: stops after its length.
        HummockFormatException e = assertThrows(HummockFormatException.class,
                () -> RwHummockCodec.decodeDelta(new byte[] {0x08, 0x0C, 0x10, 0x0B, 0x1A, 0x05, 0x08, 0x01}));
        assertTrue(e.getMessage().startsWith("hummock delta: malformed protobuf at byte 6 of 8 (While parsing a protocol message,"
                + " the input ended unexpectedly"), e.getMessage());
        // A complete map entry whose key varint is cut inside: decoding stops at the end of the entry.
        e = assertThrows(HummockFormatException.class,
                () -> RwHummockCodec.decodeDelta(new byte[] {0x08, 0x0C, 0x1A, 0x02, 0x08, (byte) 0x80}));
        assertTrue(e.getMessage().startsWith("hummock delta: malformed protobuf at byte 6 of 6 ("), e.getMessage());
    }

    @Test
    void aFieldOfTheWrongWireTypeIsRefused() {
        HummockFormatException e = assertThrows(HummockFormatException.class,
                () -> RwHummockCodec.decodeDelta(new byte[] {0x08, 0x0C, 0x11, 1, 2, 3, 4, 5, 6, 7, 8}));
        assertEquals("hummock delta: field prev_id (2) of hummock.HummockVersionDelta has wire type 1, expected 0", e.getMessage());
        // object_id of an SST three messages down, as bytes
        byte[] badSst = {0x0A, 0x01, 0x07};
        UnknownFieldSet asTableInfo = UnknownFieldSet.newBuilder()
                .addField(3, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.copyFrom(badSst)).build()).build();
        Hummock.Level l1 = level(1).toBuilder().setUnknownFields(asTableInfo).build();
        byte[] checkpoint = RwHummockCodec.encodeCheckpoint(RwProtos.version(1, 1, 0, group(2, 0, List.of(), List.of(), List.of(l1))));
        e = assertThrows(HummockFormatException.class, () -> RwHummockCodec.decodeCheckpoint(checkpoint));
        assertEquals("hummock checkpoint: field object_id (1) of hummock.SstableInfo has wire type 2, expected 0", e.getMessage());
        e = assertThrows(HummockFormatException.class, () -> RwHummockCodec.decodeDelta(new byte[] {0x00}));
        assertEquals("hummock delta: malformed protobuf at byte 1 of 1 (Protocol message contained an invalid tag (zero).)", e.getMessage());
    }
}
