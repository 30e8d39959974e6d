package dev.metasnap.steps.ssts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.metasnap.core.format.Json;
import dev.metasnap.core.hummock.HummockVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.batch.infrastructure.item.ExecutionContext;

class SnapshotSstReaderTest {

    private static String version(Long... ssts) {
        return new String(Json.write(new HummockVersion(9, 900, 800, List.of(ssts))), StandardCharsets.UTF_8);
    }

    @Test
    void resumesAfterTheLastCommittedChunkOfTheSameRevisionOnly() {
        ExecutionContext saved = new ExecutionContext();
        SnapshotSstReader first = new SnapshotSstReader(true, version(1L, 2L, 3L, 4L), 100);
        first.open(saved);
        assertEquals(1L, first.read());
        assertEquals(2L, first.read());
        first.update(saved);

        SnapshotSstReader sameRevision = new SnapshotSstReader(true, version(1L, 2L, 3L, 4L), 100);
        sameRevision.open(saved);
        assertEquals(3L, sameRevision.read());

        // the snapshot was captured again: another SST list, so the saved position means nothing
        SnapshotSstReader recaptured = new SnapshotSstReader(true, version(3L, 5L, 6L), 120);
        recaptured.open(saved);
        assertEquals(3L, recaptured.read());
        assertEquals(5L, recaptured.read());
        assertEquals(6L, recaptured.read());
        assertNull(recaptured.read());
    }

    @Test
    void readsNothingWhenTheRunDoesNotCopy() {
        SnapshotSstReader off = new SnapshotSstReader(false, version(1L), 100);
        off.open(new ExecutionContext());
        assertNull(off.read());
    }
}
