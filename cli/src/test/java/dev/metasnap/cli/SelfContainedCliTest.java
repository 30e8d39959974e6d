package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metasnap.testkit.EtcdPool;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** backup --copy-ssts, verify --ssts [--read-data], restore --copy-ssts through the command line. */
@ExtendWith(RealServers.class)
class SelfContainedCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @TempDir
    Path storage;

    private final EtcdProcess target = EtcdPool.take();

    @AfterEach
    void stopTarget() {
        EtcdPool.giveBack(target);
    }

    private static void assertOk(Cli.Result r) {
        assertEquals(0, r.exitCode(), r::toString);
    }

    private static List<Long> ssts(JsonNode entry) {
        List<Long> ids = new ArrayList<>();
        entry.get("ssts").forEach(n -> ids.add(n.asLong()));
        return ids;
    }

    @Test
    void verifyReadsCopiedSstsBackAndNamesOneWithAFlippedByte(EtcdProcess source) throws Exception {
        Files.createDirectories(storage.resolve("b"));
        Cli cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", source.endpoint());
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), 300, "fs://" + storage.resolve("b"));
        Cli.Result backup = cli.run("backup", "--copy-ssts");
        assertOk(backup);
        JsonNode entry = JSON.readTree(storage.resolve("b/backup/manifest.json").toFile()).get("snapshot_metadata").get(0);
        List<Long> ids = ssts(entry);
        assertTrue(backup.out().contains("SSTs: " + ids.size() + " copied") && backup.out().contains("the snapshot is self-contained"), backup.out());
        assertTrue(entry.get("sst_copy").get("self_contained").asBoolean());

        assertOk(cli.run("verify", "1", "--ssts", "--read-data"));
        long victim = ids.get(ids.size() / 2);
        Path copy = storage.resolve("b/backup/ssts/" + victim + ".data");
        byte[] bytes = Files.readAllBytes(copy);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(copy, bytes);

        assertOk(cli.run("verify", "1", "--ssts"));
        Cli.Result reread = cli.run("verify", "1", "--ssts", "--read-data");
        assertEquals(ExitCodes.VERIFICATION_FAILED, reread.exitCode(), reread::toString);
        assertTrue(reread.err().contains(victim + " reads back with SHA-256"), reread.err());
        Cli.Result allParts = cli.run("verify", "1", "--ssts", "--read-data-subset", "1/1");
        assertEquals(ExitCodes.VERIFICATION_FAILED, allParts.exitCode(), allParts::toString);

        Path restored = Files.createDirectories(storage.resolve("restored-state"));
        Cli.Result restore = cli.run("restore", "--meta-snapshot-id", "1", "--meta-store-type", "etcd", "--etcd-endpoints", target.endpoint(),
                "--backup-storage-url", "fs://" + storage.resolve("b"), "--backup-storage-directory", "backup",
                "--hummock-storage-url", "hummock+fs://" + restored, "--hummock-storage-directory", "hummock_001", "--copy-ssts");
        assertTrue(restore.exitCode() != 0, restore::toString);
        assertTrue(restore.err().contains("copied SST " + victim + " reads from backup storage with SHA-256"), restore.err());
        assertTrue(Files.notExists(restored.resolve("hummock_001/" + victim + ".data")), "the damaged copy is not left in the target");

        Cli.Result bad = cli.run("verify", "1", "--read-data");
        assertEquals(ExitCodes.BAD_INPUT, bad.exitCode(), bad::toString);
        Cli.Result badShare = cli.run("verify", "1", "--ssts", "--read-data-subset", "0%");
        assertEquals(ExitCodes.BAD_INPUT, badShare.exitCode(), badShare::toString);
    }

    @Test
    void aSelfContainedSnapshotIsRestoredIntoAnEmptyBucketAndTheRestoredClusterIsWhole(EtcdProcess source, S3ProxyProcess s3) throws Exception {
        s3.createBucket("scc-state");
        s3.createBucket("scc-backup");
        s3.createBucket("scc-moved");
        s3.createBucket("scc-backup2");
        Cli cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", source.endpoint());
        cli.generateCluster("hummock+" + s3.minioUrl("scc-state"), 300, s3.minioUrl("scc-backup"));
        assertOk(cli.run("backup", "--copy-ssts"));
        JsonNode entry = JSON.readTree(s3.bucketDirectory("scc-backup").resolve("backup/manifest.json").toFile()).get("snapshot_metadata").get(0);

        Cli.Result notSelfContained = cli.run("restore", "--meta-snapshot-id", "1", "--meta-store-type", "etcd", "--etcd-endpoints", target.endpoint(),
                "--backup-storage-url", s3.minioUrl("scc-backup"), "--backup-storage-directory", "nowhere",
                "--hummock-storage-url", "hummock+" + s3.minioUrl("scc-moved"), "--hummock-storage-directory", "hummock_001", "--copy-ssts");
        assertTrue(notSelfContained.exitCode() != 0, notSelfContained::toString);

        Cli.Result restore = cli.run("restore", "--meta-snapshot-id", "1", "--meta-store-type", "etcd", "--etcd-endpoints", target.endpoint(),
                "--backup-storage-url", s3.minioUrl("scc-backup"), "--backup-storage-directory", "backup",
                "--hummock-storage-url", "hummock+" + s3.minioUrl("scc-moved"), "--hummock-storage-directory", "hummock_001", "--copy-ssts",
                "--overwrite-hummock-storage-endpoint", "--overwrite-backup-storage-url", s3.minioUrl("scc-backup2"),
                "--overwrite-backup-storage-directory", "backup");
        assertOk(restore);
        for (long id : ssts(entry)) {
            assertTrue(Files.exists(s3.bucketDirectory("scc-moved").resolve("hummock_001/" + prefix(id) + "/" + id + ".data")), "SST " + id);
        }

        Cli moved = new Cli(storage.resolve("home2")).env("METASNAP_ETCD_ENDPOINTS", target.endpoint());
        assertOk(moved.run("backup"));
        Cli.Result integrity = moved.run("verify", "1", "--validate-integrity");
        assertOk(integrity);
        JsonNode again = JSON.readTree(s3.bucketDirectory("scc-backup2").resolve("backup/manifest.json").toFile()).get("snapshot_metadata").get(0);
        assertEquals(new TreeSet<>(ssts(entry)), new TreeSet<>(ssts(again)), "the moved cluster pins the same SSTs");
        assertEquals(entry.get("hummock_version_id").asLong(), again.get("hummock_version_id").asLong());
    }

    private static long prefix(long objectId) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(8).putLong(objectId).array());
        return crc.getValue() % 256;
    }
}
