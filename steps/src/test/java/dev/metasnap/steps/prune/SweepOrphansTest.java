package dev.metasnap.steps.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.steps.manifest.BackupManifest;
import dev.metasnap.steps.manifest.BackupStorage;
import dev.metasnap.steps.store.FsObjectStore;
import dev.metasnap.steps.store.StoredObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orphan sweep touches only metasnap's own uncommitted snapshot objects directly in its directory. */
class SweepOrphansTest {

    @TempDir
    Path root;

    private void put(BackupStorage storage, String name, Duration age) throws Exception {
        storage.store().put(storage.key(name), ("content of " + name).getBytes());
        Files.setLastModifiedTime(root.resolve("backup").resolve(name), FileTime.from(Instant.now().minus(age)));
    }

    @Test
    void onlyOldUnheldUncommittedSnapshotsDirectlyInTheDirectoryAreSwept() throws Exception {
        BackupStorage storage = new BackupStorage(FsObjectStore.open(root), BackupLocation.parse("fs://" + root, "backup"));
        storage.update(m -> m.reserveNextId().reserveNextId().reserveNextId().reserveNextId());
        Duration old = Duration.ofHours(2);
        put(storage, "1.snapshot", old);
        put(storage, "2.snapshot", old);
        put(storage, "3.snapshot", Duration.ofMinutes(5));
        put(storage, "4.snapshot", old);
        put(storage, "eu/manifest.json", old);
        put(storage, "eu/1.snapshot", old);
        put(storage, "notes.txt", old);
        put(storage, "1.snapshot.bak", old);

        List<String> swept = SweepOrphansTasklet.orphans(storage, Set.of(4L), Instant.now()).stream().map(StoredObject::key).toList();
        assertEquals(List.of("backup/1.snapshot", "backup/2.snapshot"), swept,
                "not the young 3, not 4 held by a restartable run, not the nested location, not foreign files");
        assertEquals(BackupManifest.empty().snapshotMetadata(), storage.readManifest().snapshotMetadata());
    }
}
