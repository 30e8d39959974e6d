package dev.metasnap.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.metasnap.config.InvalidSettingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotIdsTest {

    private static SnapshotMetadata snapshot(long id, int formatVersion) {
        return new SnapshotMetadata(id, id, List.of(), 0, 0, formatVersion, "", "2026-11-25T00:00:00Z", id, "c", "", 0, 0, 0, 0, 0, "sha",
                null, null, null, null, null);
    }

    @Test
    void idsMustBePositiveKnownAndReadable() {
        assertEquals("snapshot ids are positive numbers: 0; run 'metasnap list'",
                assertThrows(InvalidSettingException.class, () -> SnapshotIds.requirePositive(List.of(3L, 0L))).getMessage());
        BackupManifest manifest = BackupManifest.empty().reserveNextId().reserveNextId().with(snapshot(1, 1)).with(snapshot(2, 99));
        SnapshotIds.requireKnown(List.of(1L), manifest, "here", "");
        assertEquals("snapshot(s) [7] not in the manifest of here; snapshots there: [1, 2]; nothing was deleted",
                assertThrows(UnknownSnapshotException.class, () -> SnapshotIds.requireKnown(List.of(1L, 7L), manifest, "here", "; nothing was deleted"))
                        .getMessage());
        assertThrows(UnsupportedFormatException.class, () -> SnapshotIds.requireKnown(List.of(2L), manifest, "here", ""));
    }
}
