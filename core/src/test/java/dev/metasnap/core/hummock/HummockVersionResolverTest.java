package dev.metasnap.core.hummock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.HummockLocation;
import java.util.List;
import org.junit.jupiter.api.Test;

class HummockVersionResolverTest {

    private final MetasnapHummockCodec codec = new MetasnapHummockCodec();

    private static HummockDelta delta(long id, List<Long> added, List<Long> removed) {
        return new HummockDelta(id, id - 1, id * 100, id * 100 - 50, added, removed);
    }

    private HummockLayout.VersionBuilder checkpoint(HummockCheckpoint cp) {
        byte[] bytes = codec.encodeCheckpoint(cp);
        assertSame(HummockLayouts.METASNAP, HummockLayouts.detect(bytes));
        return HummockLayouts.METASNAP.checkpoint(bytes);
    }

    @Test
    void appliesTheChainThatFollowsTheCheckpointInIdOrderIgnoringLeftovers() {
        HummockCheckpoint cp = new HummockCheckpoint(3, 300, 250, List.of(1L, 2L));
        // listed out of order, with a leftover (3) already folded into the checkpoint
        List<HummockDelta> deltas = List.of(delta(5, List.of(6L), List.of()), delta(3, List.of(2L), List.of()), delta(4, List.of(5L), List.of(1L)));
        var resolution = HummockVersionResolver.resolve(checkpoint(cp), deltas);
        assertFalse(resolution.checkpointAhead());
        HummockVersion v = resolution.builder().version();
        assertEquals(5, v.id());
        assertEquals(500, v.maxCommittedEpoch());
        assertEquals(450, v.safeEpoch());
        assertEquals(List.of(2L, 5L, 6L), v.ssts());
        HummockCheckpoint folded = codec.decodeCheckpoint(resolution.builder().checkpoint());
        assertEquals(new HummockCheckpoint(5, 500, 450, List.of(2L, 5L, 6L)), folded);
    }

    @Test
    void aCheckpointPastThePinnedDeltasIsReportedAhead() {
        HummockCheckpoint cp = new HummockCheckpoint(9, 900, 850, List.of(1L));
        var resolution = HummockVersionResolver.resolve(checkpoint(cp), List.of(delta(7, List.of(), List.of()), delta(8, List.of(), List.of())));
        assertTrue(resolution.checkpointAhead());
        assertTrue(resolution.aheadReason().contains("past the newest delta 8"), resolution.aheadReason());
        assertTrue(HummockVersionResolver.resolve(checkpoint(cp), List.of()).checkpointAhead());
    }

    @Test
    void aGapInTheChainNamesBothIds() {
        HummockCheckpoint cp = new HummockCheckpoint(1, 100, 50, List.of());
        var e = assertThrows(HummockInconsistencyException.class,
                () -> HummockVersionResolver.resolve(checkpoint(cp), List.of(delta(2, List.of(), List.of()), delta(5, List.of(), List.of()))));
        assertTrue(e.getMessage().contains("hummock delta 5 follows version 4"), e.getMessage());
        assertTrue(e.getMessage().contains("ends at version 2"), e.getMessage());
    }

    @Test
    void twoDeltasFollowingOneVersionAreRefused() {
        HummockCheckpoint cp = new HummockCheckpoint(1, 100, 50, List.of());
        HummockDelta a = new HummockDelta(2, 1, 200, 100, List.of(), List.of());
        HummockDelta b = new HummockDelta(3, 1, 300, 100, List.of(), List.of());
        var e = assertThrows(HummockInconsistencyException.class, () -> HummockVersionResolver.resolve(checkpoint(cp), List.of(a, b)));
        assertTrue(e.getMessage().contains("2 and 3 both follow version 1"), e.getMessage());
    }

    @Test
    void codecRoundTripsAndRefusesForeignBytes() {
        HummockCheckpoint cp = new HummockCheckpoint(3, 300, 250, List.of(1L, 2L));
        assertEquals(cp, codec.decodeCheckpoint(codec.encodeCheckpoint(cp)));
        HummockDelta d = delta(4, List.of(5L), List.of(1L));
        assertEquals(d, codec.decodeDelta(codec.encodeDelta(d)));
        assertThrows(HummockFormatException.class, () -> codec.decodeDelta(codec.encodeCheckpoint(cp)));
        byte[] truncated = java.util.Arrays.copyOf(codec.encodeDelta(d), 20);
        assertTrue(assertThrows(HummockFormatException.class, () -> codec.decodeDelta(truncated)).getMessage().contains("truncated"));
    }

    @Test
    void sstPathsFollowEachLayout() {
        HummockLocation s3 = HummockLocation.parse("hummock+s3://state", "hummock_001");
        HummockLocation fs = HummockLocation.parse("hummock+fs:///var/state", "hummock_001");
        assertEquals("hummock_001/12345.data", HummockLayouts.METASNAP.sstPath(s3, 12345));
        assertEquals("hummock_001/12345.data", HummockLayouts.RISINGWAVE.sstPath(fs, 12345));
        // crc32 of 00 00 00 00 00 00 30 39 (12345 big-endian) is 0xE5616192 (python: zlib.crc32); % 256 = 0x92 = 146
        assertEquals("hummock_001/146/12345.data", HummockLayouts.RISINGWAVE.sstPath(s3, 12345));
        assertArrayEquals(new byte[] {0x08, (byte) 0xAC, 0x02}, HummockLayouts.RISINGWAVE.deltaKeySuffix(300));
        assertArrayEquals(new byte[0], HummockLayouts.RISINGWAVE.deltaKeySuffix(0));
    }
}
