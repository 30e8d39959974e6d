package dev.metasnap.core.hummock;

import static dev.metasnap.core.hummock.rw.RwProtos.group;
import static dev.metasnap.core.hummock.rw.RwProtos.info;
import static dev.metasnap.core.hummock.rw.RwProtos.intra;
import static dev.metasnap.core.hummock.rw.RwProtos.level;
import static dev.metasnap.core.hummock.rw.RwProtos.sst;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.core.manifest.UnsupportedFormatException;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.core.hummock.proto.Hummock;
import dev.metasnap.core.hummock.rw.RwDelta;
import dev.metasnap.core.hummock.rw.RwHummockCodec;
import dev.metasnap.core.hummock.rw.RwProtos;
import dev.metasnap.core.hummock.rw.RwVersion;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HummockVersionResolverTest {

    private static final HummockLayout LAYOUT = HummockLayouts.RISINGWAVE;

    /** Version {@code id} of group 2: its L1 holds the SSTs, each object id also its sst id. */
    private static byte[] checkpoint(long id, long epoch, long safeEpoch, Long... ssts) {
        var l1 = Arrays.stream(ssts).map(s -> sst(s, s, 1, 1)).toArray(Hummock.SstableInfo[]::new);
        return RwHummockCodec.encodeCheckpoint(RwProtos.version(id, epoch, safeEpoch, group(2, 0, List.of(1), List.of(), List.of(level(1, l1)))));
    }

    /** A compaction of group 2's L1 that follows {@code id - 1}, as bytes decoded the way etcd's values are. */
    private static HummockLayout.Delta delta(long id, List<Long> added, List<Long> removed) {
        var inserted = added.stream().map(s -> sst(s, s, 1, 1)).toArray(Hummock.SstableInfo[]::new);
        RwDelta delta = new RwDelta(RwProtos.delta(id, 300, 250, 2L, intra(1, 0, removed, inserted)).build());
        return LAYOUT.decodeDelta(RwHummockCodec.encodeDelta(delta));
    }

    @Test
    void appliesTheChainThatFollowsTheCheckpointInIdOrderIgnoringLeftovers() {
        // listed out of order, with a leftover (3) already folded into the checkpoint
        List<HummockLayout.Delta> deltas = List.of(delta(5, List.of(6L), List.of()), delta(3, List.of(2L), List.of()),
                delta(4, List.of(5L), List.of(1L)));
        var resolution = HummockVersionResolver.resolve(LAYOUT.checkpoint(checkpoint(3, 300, 250, 1L, 2L)), deltas);
        assertFalse(resolution.checkpointAhead());
        HummockVersion v = resolution.builder().version();
        assertEquals(5, v.id());
        assertEquals(300, v.maxCommittedEpoch());
        assertEquals(250, v.safeEpoch());
        assertEquals(List.of(2L, 5L, 6L), v.ssts());
        assertEquals("risingwave", v.layout());
        RwVersion folded = RwHummockCodec.decodeCheckpoint(resolution.builder().checkpoint());
        assertEquals(5, folded.id());
        assertEquals(List.of(2L, 5L, 6L), List.copyOf(folded.objectIds()));
    }

    @Test
    void theVersionCarriesTheStateTableInfo() {
        RwDelta delta = new RwDelta(RwProtos.delta(4, 300, 250).putStateTableInfoDelta(1, info(300, 250, 2)).build());
        HummockLayout.VersionBuilder builder = LAYOUT.checkpoint(checkpoint(3, 300, 250, 1L));
        builder.apply(LAYOUT.decodeDelta(RwHummockCodec.encodeDelta(delta)));
        Map<Integer, StateTableInfo> expected = new TreeMap<>(Map.of(1, new StateTableInfo(300, 250, 2)));
        assertEquals(expected, builder.version().stateTableInfo());
    }

    @Test
    void aCheckpointPastThePinnedDeltasIsReportedAhead() {
        byte[] checkpoint = checkpoint(9, 300, 250, 1L);
        var resolution = HummockVersionResolver.resolve(LAYOUT.checkpoint(checkpoint), List.of(delta(7, List.of(), List.of()),
                delta(8, List.of(), List.of())));
        assertTrue(resolution.checkpointAhead());
        assertTrue(resolution.aheadReason().contains("past the newest delta 8"), resolution.aheadReason());
        assertTrue(HummockVersionResolver.resolve(LAYOUT.checkpoint(checkpoint), List.of()).checkpointAhead());
    }

    @Test
    void aGapInTheChainNamesBothIds() {
        var e = assertThrows(HummockInconsistencyException.class, () -> HummockVersionResolver.resolve(
                LAYOUT.checkpoint(checkpoint(1, 300, 250)), List.of(delta(2, List.of(), List.of()), delta(5, List.of(), List.of()))));
        assertTrue(e.getMessage().contains("hummock delta 5 follows version 4"), e.getMessage());
        assertTrue(e.getMessage().contains("ends at version 2"), e.getMessage());
    }

    @Test
    void twoDeltasFollowingOneVersionAreRefused() {
        HummockLayout.Delta a = delta(2, List.of(), List.of());
        HummockLayout.Delta b = LAYOUT.decodeDelta(RwHummockCodec.encodeDelta(new RwDelta(RwProtos.delta(3, 300, 250).setPrevId(1).build())));
        var e = assertThrows(HummockInconsistencyException.class,
                () -> HummockVersionResolver.resolve(LAYOUT.checkpoint(checkpoint(1, 300, 250)), List.of(a, b)));
        assertTrue(e.getMessage().contains("2 and 3 both follow version 1"), e.getMessage());
    }

    @Test
    void foreignBytesAreRefused() {
        assertThrows(HummockFormatException.class, () -> LAYOUT.checkpoint("MSHC\0\1 not protobuf".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(HummockFormatException.class, () -> LAYOUT.decodeDelta(new byte[] {0x0A, 0x05, 0x01}));
    }

    @Test
    void sstPathsAndDeltaKeysAreRisingWaves() {
        HummockLocation s3 = HummockLocation.parse("hummock+s3://state", "hummock_001");
        HummockLocation fs = HummockLocation.parse("hummock+fs:///var/state", "hummock_001");
        assertEquals("hummock_001/12345.data", LAYOUT.sstPath(fs, 12345));
        // crc32 of 00 00 00 00 00 00 30 39 (12345 big-endian) is 0xE5616192 (python: zlib.crc32); % 256 = 0x92 = 146
        assertEquals("hummock_001/146/12345.data", LAYOUT.sstPath(s3, 12345));
        assertArrayEquals(new byte[] {0x08, (byte) 0xAC, 0x02}, LAYOUT.deltaKeySuffix(300));
        assertArrayEquals(new byte[0], LAYOUT.deltaKeySuffix(0));
    }

    @Test
    void onlyRisingWavesLayoutIsReadFromAManifest() {
        assertSame(LAYOUT, HummockLayouts.named("risingwave"));
        for (String former : new String[] {null, "", "metasnap"}) {
            var e = assertThrows(UnsupportedFormatException.class, () -> HummockLayouts.named(former));
            assertTrue(e.getMessage().contains("metasnap's former synthetic hummock layout") && e.getMessage().contains("take a new backup"),
                    e.getMessage());
        }
        var e = assertThrows(UnsupportedFormatException.class, () -> HummockLayouts.named("rocksdb"));
        assertEquals("unknown hummock layout 'rocksdb'; this build reads only 'risingwave'", e.getMessage());
    }
}
