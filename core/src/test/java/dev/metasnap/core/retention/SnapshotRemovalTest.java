package dev.metasnap.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.ssts.SstCopy;
import dev.metasnap.core.ssts.SstIndexEntry;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.core.store.FsObjectStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotRemovalTest {

    @TempDir
    Path root;

    private static SnapshotMetadata snapshot(long id, List<Long> ssts) {
        return new SnapshotMetadata(id, id, ssts, 0, 0, 1, "", "2026-11-25T00:00:00Z", id, "c", "", 0, 0, 0, 0, 0, "sha" + id,
                null, null, null, null, new SstCopy(true, List.of(), ssts.size(), 0, 0, 0));
    }

    /** Snapshots 1 and 2 with their objects; SST 10 is 1's alone, 11 is shared, 12 is 1's but a restartable run holds it. */
    private BackupStorage location() {
        BackupStorage storage = new BackupStorage(FsObjectStore.open(root), BackupLocation.parse("fs://" + root, "backup"));
        storage.update(m -> m.reserveNextId().reserveNextId().with(snapshot(1, List.of(10L, 11L, 12L))).with(snapshot(2, List.of(11L))));
        SstStore ssts = new SstStore(storage);
        for (long id : List.of(10L, 11L, 12L)) {
            storage.store().put(ssts.sstKey(id), new byte[(int) id]);
        }
        ssts.updateIndex(index -> index.with(Map.of(10L, new SstIndexEntry(10, "a", List.of(1L)), 11L, new SstIndexEntry(11, "b", List.of(1L, 2L)),
                12L, new SstIndexEntry(12, "c", List.of(1L)))));
        for (long id : List.of(1L, 2L)) {
            storage.store().put(storage.snapshotKey(id), new byte[] {1});
        }
        return storage;
    }

    @Test
    void entriesGoFirstThenObjectsThenTheSstsNoSnapshotOrRestartableRunHolds() {
        BackupStorage storage = location();
        RestartableSnapshots holding12 = new RestartableSnapshots() {
            @Override
            public Set<Long> held(String redactedUrl, String directory) {
                return Set.of();
            }

            @Override
            public Set<Long> heldSsts(String redactedUrl, String directory) {
                return directory.equals("backup") ? Set.of(12L) : Set.of();
            }
        };
        SnapshotRemoval.Removed removed = new SnapshotRemoval(storage).remove(List.of(1L), holding12);

        assertEquals(List.of(2L), removed.manifest().ids());
        assertEquals(List.of(2L), storage.readManifest().ids());
        assertTrue(storage.store().head(storage.snapshotKey(1)).isEmpty());
        assertTrue(storage.store().head(storage.snapshotKey(2)).isPresent());
        assertEquals(new dev.metasnap.core.ssts.SstRetention.Removed(1, 10, 2), removed.ssts(), "10 went; shared 11 and held 12 stay");
        SstStore ssts = new SstStore(storage);
        assertEquals(Set.of(11L, 12L), ssts.readIndex().ssts().keySet());
        assertTrue(storage.store().head(ssts.sstKey(10)).isEmpty());
        assertTrue(storage.store().head(ssts.sstKey(12)).isPresent());
    }

    @Test
    void anObjectWhoseEntryIsStillInTheManifestIsNotDeleted() {
        BackupStorage storage = location();
        SnapshotRemoval removal = new SnapshotRemoval(storage);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> removal.deleteObject(2));
        assertTrue(e.getMessage().contains("snapshot 2 is back in the manifest"), e.getMessage());
        assertTrue(storage.store().head(storage.snapshotKey(2)).isPresent());
        removal.removeEntries(List.of(2L));
        removal.deleteObject(2);
        removal.deleteObject(2);
        assertTrue(storage.store().head(storage.snapshotKey(2)).isEmpty(), "deleting a missing object again is no error");
    }
}
