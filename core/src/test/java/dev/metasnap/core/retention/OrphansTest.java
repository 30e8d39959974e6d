package dev.metasnap.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.config.StorageUrl;
import dev.metasnap.core.store.FsObjectStore;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.S3ObjectStore;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import dev.metasnap.core.store.StoredObject;
import dev.metasnap.core.ssts.SstIndexEntry;
import dev.metasnap.core.ssts.SstStore;
import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The orphan sweep touches only metasnap's own uncommitted snapshot objects directly in its directory. */
@ExtendWith(RealServers.class)
class OrphansTest {

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

        List<String> swept = Orphans.snapshots(storage, Set.of(4L), Instant.now()).stream().map(StoredObject::key).toList();
        assertEquals(List.of("backup/1.snapshot", "backup/2.snapshot"), swept,
                "not the young 3, not 4 held by a restartable run, not the nested location, not foreign files");
        assertEquals(BackupManifest.empty().snapshotMetadata(), storage.readManifest().snapshotMetadata());
    }

    @Test
    void onlyOldUnheldCopiedSstsTheIndexDoesNotNameAreSwept() throws Exception {
        BackupStorage storage = new BackupStorage(FsObjectStore.open(root), BackupLocation.parse("fs://" + root, "backup"));
        SstStore ssts = new SstStore(storage);
        Duration old = Duration.ofHours(2);
        for (String name : List.of("ssts/10.data", "ssts/11.data", "ssts/12.data", "ssts/13.data", "ssts/14.data", "ssts/nested/15.data",
                "ssts/16.data.bak", "ssts/9999999999999999999.data", "ssts/018.data", "ssts/19.data")) {
            put(storage, name, old);
        }
        put(storage, "ssts/17.data", Duration.ofMinutes(5));
        assertEquals(List.of(), Orphans.unindexedSsts(storage, Set.of(), Instant.now()), "no index (lost?): no copy is an orphan");

        ssts.updateIndex(index -> index.with(Map.of(10L, new SstIndexEntry(1, "aa", List.of(1L)), 11L, new SstIndexEntry(1, "bb", List.of(1L)))));
        storage.update(m -> m.reserveNextId().with(new SnapshotMetadata(1, 1, List.of(19L), 0, 0, 1, "", "2026-11-25T00:00:00Z", 0, "c", "",
                0, 0, 0, 0, 0, "sha", null, null, null, null, null)));
        List<String> swept = Orphans.unindexedSsts(storage, Set.of(13L), Instant.now()).stream().map(StoredObject::key).sorted().toList();
        assertEquals(List.of("backup/ssts/12.data", "backup/ssts/14.data"), swept,
                "not the indexed 10 and 11, not 13 held by a restartable run, not 19 a snapshot lists, not the young 17,"
                + " not nested or foreign names (leading zero, beyond a long)");
    }

    @Test
    void abandonedUploadsAndOldTemporaryFilesDirectlyInTheDirectoryGo() throws Exception {
        FsObjectStore store = FsObjectStore.open(root);
        BackupStorage storage = new BackupStorage(store, BackupLocation.parse("fs://" + root, "backup"));
        String abandoned = store.createMultipartUpload("backup/5.snapshot");
        String held = store.createMultipartUpload("backup/6.snapshot");
        String nested = store.createMultipartUpload("backup/eu/7.snapshot");
        String young = store.createMultipartUpload("backup/8.snapshot");
        for (String id : List.of(abandoned, held, nested)) {
            Files.setLastModifiedTime(root.resolve(".multipart").resolve(id), FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        }
        List<String> aborted = Orphans.abandonedUploads(storage, Set.of(6L), Instant.now()).stream()
                .map(ObjectStore.PendingUpload::uploadId).toList();
        assertEquals(List.of(abandoned), aborted, "not the held 6, not the nested location's 7, not the young 8 (" + young + ")");

        Path dir = Files.createDirectories(root.resolve("backup/eu"));
        for (String name : List.of("backup/manifest.json.1.metasnap-tmp", "backup/young.metasnap-tmp", "backup/eu/x.metasnap-tmp", "backup/keep.txt")) {
            Files.writeString(root.resolve(name), "left by a crash");
        }
        for (String name : List.of("backup/manifest.json.1.metasnap-tmp", "backup/eu/x.metasnap-tmp", "backup/keep.txt")) {
            Files.setLastModifiedTime(root.resolve(name), FileTime.from(Instant.now().minus(Duration.ofHours(3))));
        }
        assertEquals(1, store.removeTemporaryFiles("backup/", Instant.now().minus(Orphans.MIN_AGE)));
        assertEquals(List.of("keep.txt", "young.metasnap-tmp", "eu"), List.of("keep.txt", "young.metasnap-tmp", "eu").stream()
                .filter(n -> Files.exists(root.resolve("backup").resolve(n))).toList());
        assertEquals(true, Files.exists(dir.resolve("x.metasnap-tmp")));
        assertEquals(false, Files.exists(root.resolve("backup/manifest.json.1.metasnap-tmp")));
    }

    @Test
    void pendingUploadsOnS3AreListedWithTheirStartTime(S3ProxyProcess s3) {
        s3.createBucket("sweep");
        try (S3ObjectStore store = S3ObjectStore.open(StorageUrl.parse(s3.minioUrl("sweep")))) {
            String id = store.createMultipartUpload("backup/9.snapshot");
            store.createMultipartUpload("elsewhere/9.snapshot");
            List<ObjectStore.PendingUpload> pending = store.listMultipartUploads("backup/");
            assertEquals(1, pending.size(), pending::toString);
            assertEquals(id, pending.get(0).uploadId());
            assertEquals("backup/9.snapshot", pending.get(0).key());
            assertEquals(true, pending.get(0).initiated().isBefore(Instant.now().plusSeconds(60)));
            store.abortMultipartUpload("backup/9.snapshot", id);
            assertEquals(List.of(), store.listMultipartUploads("backup/"));
        }
    }
}
