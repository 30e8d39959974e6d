package dev.metasnap.core.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.core.errors.ExitCode;
import dev.metasnap.core.format.SnapshotFormat;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.manifest.UnsupportedFormatException;
import dev.metasnap.core.store.FsObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorePreflightTest {

    @TempDir
    Path root;

    private BackupStorage storageWith(String layout) {
        BackupStorage storage = new BackupStorage(FsObjectStore.open(root), BackupLocation.parse("fs://" + root, "backup"));
        SnapshotMetadata entry = new SnapshotMetadata(1, 9, List.of(), 0, 0, SnapshotFormat.FORMAT_VERSION, "", "2026-01-01T00:00:00Z", 21,
                "c1", "", 10, 1, 100, 100, 100, "00", null, null, layout, new TreeMap<>(), null);
        storage.update(m -> m.reserveNextId().with(entry));
        storage.store().put(storage.snapshotKey(1), new byte[] {1});
        return storage;
    }

    @Test
    void aSnapshotOfTheFormerSyntheticLayoutIsRefusedAsUnsupportedBeforeAnythingIsRead() {
        for (String former : new String[] {null, "metasnap"}) {
            var e = assertThrows(UnsupportedFormatException.class, () -> RestorePreflight.snapshot(storageWith(former), 1));
            assertEquals(ExitCode.PRECONDITION, e.exitCode(), "refused, not a restartable failure");
            assertTrue(e.getMessage().contains("take a new backup"), e.getMessage());
        }
    }

    @Test
    void aRisingWaveLayoutSnapshotPassesTheLayoutCheck() {
        assertEquals(1, RestorePreflight.snapshot(storageWith("risingwave"), 1).id());
    }
}
