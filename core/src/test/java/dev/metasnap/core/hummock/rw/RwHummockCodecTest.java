package dev.metasnap.core.hummock.rw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import dev.metasnap.core.hummock.HummockFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RwHummockCodecTest {

    /** Field 99 once in each wire type: varint, fixed64, length-delimited, group, fixed32. */
    static byte[] unknownFields() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeUInt64(99, 1L << 40);
        out.writeFixed64(99, 7);
        out.writeByteArray(99, new byte[] {1, 2, 3});
        out.writeTag(99, 3);
        out.writeUInt32(1, 5);
        out.writeTag(99, 4);
        out.writeFixed32(99, 9);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }

    private static RwSst sst(long objectId, long sstId, int... tables) {
        return RwSst.of(objectId, sstId, objectId * 10, Arrays.stream(tables).boxed().toList());
    }

    private static RwVersion sampleVersion() {
        RwGroup group = new RwGroup(2, 0, List.of(1, 2),
                List.of(new RwLevel(0, RwLevel.OVERLAPPING, 300, List.of(sst(300, 300, 1), sst(301, 301, 2)))),
                List.of(new RwLevel(1, RwLevel.NONOVERLAPPING, 0, List.of(sst(256, 256, 1, 2))),
                        new RwLevel(2, RwLevel.NONOVERLAPPING, 0, List.of())));
        TreeMap<Long, RwGroup> groups = new TreeMap<>();
        groups.put(2L, group);
        groups.put(300L, new RwGroup(300, 2, List.of(3), List.of(), List.of()));
        return RwVersion.empty(1000, (1L << 60) + 3, 1L << 55, groups);
    }

    private static RwDelta deltaWithEveryKind() {
        TreeMap<Long, List<RwGroupDelta>> groups = new TreeMap<>();
        groups.put(2L, List.of(
                new RwGroupDelta.IntraLevel(0, 0, List.of(300L, 301L), List.of(), 0),
                new RwGroupDelta.IntraLevel(1, 0, List.of(256L), List.of(sst(400, 400, 1, 2), sst(400, 401, 2)), 4),
                new RwGroupDelta.Other(RwGroupDelta.Other.GROUP_META_CHANGE, new byte[] {0x12, 0x01, 0x03})));
        groups.put(300L, List.of(new RwGroupDelta.GroupDestroy()));
        groups.put(301L, List.of(new RwGroupDelta.GroupConstruct(301, 2, List.of(2, 1000), 5000, 2,
                new byte[] {0x10, 0x05})));
        TreeMap<Integer, RwChangeLogDelta> logs = new TreeMap<>();
        logs.put(1, new RwChangeLogDelta(new RwChangeLog(List.of(sst(500, 500, 1)), List.of(sst(501, 501, 1)),
                List.of(10L, 11L)), 9));
        TreeMap<Integer, RwStateTableInfo> infos = new TreeMap<>();
        infos.put(1, new RwStateTableInfo(11, 9, 2));
        return new RwDelta(1001, 1000, 1L << 60, 1L << 55, true, groups, List.of(3, 70000), logs, infos,
                new byte[] {0x42, 0x02, 0x08, 0x01});
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
    void aDeltaWithEveryGroupDeltaKindRoundTrips() {
        RwDelta d = deltaWithEveryKind();
        byte[] bytes = RwHummockCodec.encodeDelta(d);
        assertEquals(d, RwHummockCodec.decodeDelta(bytes));
        assertArrayEquals(bytes, RwHummockCodec.encodeDelta(RwHummockCodec.decodeDelta(bytes)));
    }

    @Test
    void sstBytesArePreservedVerbatim() throws IOException {
        // An SstableInfo as a newer RisingWave writes it: a key range, field 9 and unknown field 99.
        byte[] stored = concat(RwSst.of(7, 8, 9, List.of(1)).encoded(),
                concat(new byte[] {0x1A, 0x04, 0x0A, 0x02, 'a', 'b', 0x48, 0x05}, unknownFields()));
        RwSst decoded = RwHummockCodec.decodeSst(stored);
        assertEquals(List.of(7L, 8L, 9L), List.of(decoded.objectId(), decoded.sstId(), decoded.fileSize()));
        TreeMap<Long, List<RwGroupDelta>> groups = new TreeMap<>();
        groups.put(2L, List.of(new RwGroupDelta.IntraLevel(0, 5, List.of(), List.of(decoded))));
        RwDelta d = RwHummockCodec.decodeDelta(RwHummockCodec.encodeDelta(new RwDelta(2, 1, 5, 0, false, groups)));
        RwSst back = ((RwGroupDelta.IntraLevel) d.groupDeltas().get(2L).get(0)).inserted().get(0);
        assertArrayEquals(stored, back.encoded());
        assertEquals(decoded, back);

        RwSst branched = back.withSstId(300);
        assertEquals(300, branched.sstId());
        assertEquals(7, branched.objectId());
        assertEquals(RwHummockCodec.decodeSst(branched.encoded()), branched);
        assertEquals(stored.length + 1, branched.encoded().length, "only sst_id changes (8 -> 300 takes one more byte)");
    }

    @Test
    void unknownFieldsAreSkippedAtEveryLevel() throws IOException {
        RwDelta d = deltaWithEveryKind();
        RwDelta withUnknown = RwHummockCodec.decodeDelta(concat(unknownFields(), RwHummockCodec.encodeDelta(d)));
        assertEquals(d, withUnknown);

        // Unknown fields inside a nested SstableInfo, and in the checkpoint around the version.
        byte[] sstBytes = concat(RwSst.of(42, 43, 44, List.of(5)).encoded(), unknownFields());
        RwSst inner = RwHummockCodec.decodeSst(sstBytes);
        assertEquals(List.of(42L, 43L, 44L), List.of(inner.objectId(), inner.sstId(), inner.fileSize()));
        assertEquals(List.of(5), inner.tableIds());
        TreeMap<Long, RwGroup> groups = new TreeMap<>();
        groups.put(2L, new RwGroup(2, 0, List.of(5), List.of(new RwLevel(0, 2, 9, List.of(inner))), List.of()));
        byte[] checkpoint = concat(RwHummockCodec.encodeCheckpoint(RwVersion.empty(9, 10, 11, groups)), unknownFields());
        RwVersion v = RwHummockCodec.decodeCheckpoint(checkpoint);
        assertEquals(List.of(42L), List.copyOf(v.objectIds()));
        assertEquals(9, v.id());
    }

    @Test
    void aGroupDeltaOfAnUnknownKindIsKept() {
        // GroupDelta{6: {}}: a kind newer than 1.x; decode keeps it, apply refuses it (see RwVersionTest).
        byte[] bytes = {0x08, 0x02, 0x10, 0x01, 0x1A, 0x08, 0x08, 0x02, 0x12, 0x04, 0x0A, 0x02, 0x32, 0x00};
        RwDelta d = RwHummockCodec.decodeDelta(bytes);
        assertEquals(List.of(new RwGroupDelta.Other(6, new byte[0])), d.groupDeltas().get(2L));
    }

    @Test
    void truncatedInputIsRefusedNamingTheByte() {
        byte[] checkpoint = RwHummockCodec.encodeCheckpoint(sampleVersion());
        for (int length = 1; length < checkpoint.length; length++) {
            byte[] cut = Arrays.copyOf(checkpoint, length);
            HummockFormatException e = assertThrows(HummockFormatException.class,
                    () -> RwHummockCodec.decodeCheckpoint(cut), "cut at " + length);
            assertTrue(e.getMessage().startsWith("hummock checkpoint: truncated protobuf at byte "), e.getMessage());
        }
        // id 12, prev_id 11, then a group_deltas entry claiming 5 bytes of which 2 are there.
        HummockFormatException e = assertThrows(HummockFormatException.class,
                () -> RwHummockCodec.decodeDelta(new byte[] {0x08, 0x0C, 0x10, 0x0B, 0x1A, 0x05, 0x08, 0x01}));
        assertEquals("hummock delta: truncated protobuf at byte 4 (field 3 runs past byte 8)", e.getMessage());
        // A complete map entry whose key varint is cut inside: the offset points into the nested message.
        e = assertThrows(HummockFormatException.class,
                () -> RwHummockCodec.decodeDelta(new byte[] {0x08, 0x0C, 0x1A, 0x02, 0x08, (byte) 0x80}));
        assertEquals("hummock delta: truncated protobuf at byte 4 (field 1 runs past byte 6)", e.getMessage());
    }

    @Test
    void aFieldOfTheWrongWireTypeIsRefused() {
        HummockFormatException e = assertThrows(HummockFormatException.class,
                () -> RwHummockCodec.decodeDelta(new byte[] {0x08, 0x0C, 0x11, 1, 2, 3, 4, 5, 6, 7, 8}));
        assertEquals("hummock delta: field 2 has wire type 1, expected 0, at byte 2", e.getMessage());
        e = assertThrows(HummockFormatException.class, () -> RwHummockCodec.decodeDelta(new byte[] {0x00}));
        assertTrue(e.getMessage().startsWith("hummock delta: malformed protobuf at byte 0"), e.getMessage());
    }
}
