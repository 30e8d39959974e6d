package dev.metasnap.steps.hummock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HummockVersionResolverTest {

    private final MetasnapHummockCodec codec = new MetasnapHummockCodec();

    private static HummockDelta delta(long id, List<Long> added, List<Long> removed) {
        return new HummockDelta(id, id - 1, id * 100, id * 100 - 50, added, removed);
    }

    @Test
    void appliesTheChainThatFollowsTheCheckpoint() {
        HummockCheckpoint cp = new HummockCheckpoint(3, 300, 250, List.of(1L, 2L));
        List<HummockDelta> deltas = List.of(delta(3, List.of(2L), List.of()), delta(4, List.of(5L), List.of(1L)), delta(5, List.of(6L), List.of()));
        HummockVersion v = HummockVersionResolver.resolve(cp, deltas);
        assertEquals(5, v.id());
        assertEquals(500, v.maxCommittedEpoch());
        assertEquals(450, v.safeEpoch());
        assertEquals(List.of(2L, 5L, 6L), v.ssts());
    }

    @Test
    void aCheckpointPastThePinnedDeltasIsDetected() {
        HummockCheckpoint cp = new HummockCheckpoint(9, 900, 850, List.of(1L));
        var e = assertThrows(HummockInconsistencyException.class,
                () -> HummockVersionResolver.resolve(cp, List.of(delta(7, List.of(), List.of()), delta(8, List.of(), List.of()))));
        assertTrue(e.getMessage().contains("past the newest delta 8"), e.getMessage());
    }

    @Test
    void aGapInTheChainIsDetected() {
        HummockCheckpoint cp = new HummockCheckpoint(1, 100, 50, List.of());
        var e = assertThrows(HummockInconsistencyException.class, () -> HummockVersionResolver.resolve(cp, List.of(delta(5, List.of(), List.of()))));
        assertTrue(e.getMessage().contains("no hummock delta follows version 1"), e.getMessage());
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
}
