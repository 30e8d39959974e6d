package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.FreePorts;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: generate, back up, list; and every kind of bad input. */
@ExtendWith(RealServers.class)
class BackupCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path storage;

    private Cli cli(EtcdProcess etcd) throws Exception {
        Files.createDirectories(storage.resolve("b"));
        return new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
    }

    private void generate(Cli cli, String stateStore) {
        Cli.Result r = cli.tools("demo-cluster", "--state-store", stateStore, "--tables", "3", "--keys", "500");
        assertEquals(0, r.exitCode(), r::toString);
    }

    @Test
    void generateBackUpAndListWithS3(EtcdProcess etcd, S3ProxyProcess s3) throws Exception {
        s3.createBucket("cli-state");
        s3.createBucket("cli-backup");
        Cli cli = cli(etcd);
        cli.generateCluster("hummock+" + s3.minioUrl("cli-state"), 500, s3.minioUrl("cli-backup"));

        Cli.Result backup = cli.run("backup", "--remarks", "nightly");
        assertEquals(0, backup.exitCode(), backup::toString);
        assertTrue(backup.out().startsWith("backup job succeeded: snapshot 1 ("), backup.out());
        assertTrue(backup.out().contains("etcd revision"), backup.out());

        Cli.Result list = cli.run("list");
        assertEquals(0, list.exitCode(), list::toString);
        String[] lines = list.out().split("\n");
        assertTrue(lines[0].startsWith("meta_snapshot_id  hummock_version_id  safe_epoch"), lines[0]);
        assertTrue(lines[1].startsWith("1 "), lines[1]);
        assertTrue(lines[1].contains("nightly"));
        assertTrue(lines[1].matches(".*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z.*"), "UTC millisecond timestamps: " + lines[1]);

        Cli.Result show = cli.run("params", "show");
        assertTrue(show.out().contains("backup_storage_url = minio://" + S3ProxyProcess.ACCESS_KEY + ":***@"), show.out());
        assertFalse(show.out().contains(S3ProxyProcess.SECRET_KEY), "params show masks the secret");
        assertFalse(backup.out().contains(S3ProxyProcess.SECRET_KEY) || backup.err().contains(S3ProxyProcess.SECRET_KEY));
    }

    @Test
    void listWorksFromBackupStorageAloneWhenEtcdIsGone(EtcdProcess etcd) throws Exception {
        Cli cli = cli(etcd);
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), 500, "fs://" + storage.resolve("b"));
        assertEquals(0, cli.run("backup").exitCode());
        etcd.stop();

        Cli.Result json = cli.run("list", "--json", "--backup-storage-url", "fs://" + storage.resolve("b"), "--backup-storage-directory", "backup");
        assertEquals(0, json.exitCode(), json::toString);
        assertTrue(json.out().contains("\"meta_snapshot_id\" : 1"), json.out());
        assertTrue(json.out().contains("\"max_committed_epoch_ts\""), json.out());

        Cli.Result viaEtcd = cli.run("list", "--etcd-timeout", "2s");
        assertEquals(ExitCodes.UNAVAILABLE, viaEtcd.exitCode(), viaEtcd::toString);
        assertEquals(1, viaEtcd.err().lines().count(), "one line: " + viaEtcd.err());
    }

    @Test
    void backupRefusesUntilTheLocationIsSetAndSaysHow(EtcdProcess etcd) throws Exception {
        Cli cli = cli(etcd);
        generate(cli, "hummock+fs://" + storage.resolve("state"));
        Cli.Result r = cli.run("backup");
        assertEquals(ExitCodes.PRECONDITION, r.exitCode(), r::toString);
        assertTrue(r.err().contains("metasnap params set backup_storage_url"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void aBackupIntoAMissingDirectoryIsRefused(EtcdProcess etcd) throws Exception {
        Cli cli = cli(etcd);
        generate(cli, "hummock+fs://" + storage.resolve("state"));
        Cli.Result r = cli.run("backup", "--backup-storage-url", "fs://" + storage.resolve("missing"), "--backup-storage-directory", "backup");
        assertEquals(ExitCodes.PRECONDITION, r.exitCode(), r::toString);
        assertTrue(r.err().contains("does not exist; create it"), r.err());
    }

    @Test
    void unreachableEtcdIsOneLineAndExitCodeSeven() {
        Cli.Result r = new Cli(home).run("backup", "--etcd-endpoints", "http://127.0.0.1:" + FreePorts.next(), "--etcd-timeout", "2s");
        assertEquals(ExitCodes.UNAVAILABLE, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("error: cannot reach etcd") || r.err().startsWith("error: etcd did not answer within 2s"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void malformedUrlIsBadInputAndNothingIsWritten(EtcdProcess etcd) throws Exception {
        Cli cli = cli(etcd);
        Cli.Result r = cli.run("backup", "--backup-storage-url", "s4://nope", "--backup-storage-directory", "backup");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r::toString);
        assertTrue(r.err().contains("unsupported scheme 's4'"), r.err());
        Cli.Result set = cli.run("params", "set", "backup_storage_url", "minio://nocolon@127.0.0.1:9000/b");
        assertEquals(ExitCodes.BAD_INPUT, set.exitCode(), set::toString);
        assertFalse(cli.run("params", "show").out().contains("backup_storage_url"), "the malformed value was not stored");
    }

    @Test
    void missingBucketAndWrongCredentialsLeaveTheManifestUnchanged(EtcdProcess etcd, S3ProxyProcess s3) throws Exception {
        s3.createBucket("cli-state2");
        s3.createBucket("cli-backup2");
        Cli cli = cli(etcd);
        cli.generateCluster("hummock+" + s3.minioUrl("cli-state2"), 500, s3.minioUrl("cli-backup2"));
        assertEquals(0, cli.run("backup").exitCode());
        Path manifest = s3.bucketDirectory("cli-backup2").resolve("backup/manifest.json");
        byte[] before = Files.readAllBytes(manifest);

        Cli.Result missing = cli.run("backup", "--backup-storage-url", s3.minioUrl("no-such-bucket"), "--backup-storage-directory", "backup");
        assertEquals(ExitCodes.PRECONDITION, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("bucket 'no-such-bucket' does not exist"), missing.err());

        String wrong = s3.minioUrl("cli-backup2").replace(S3ProxyProcess.SECRET_KEY, "wrong-secret");
        Cli.Result denied = cli.run("backup", "--backup-storage-url", wrong, "--backup-storage-directory", "backup");
        assertEquals(ExitCodes.UNAVAILABLE, denied.exitCode(), denied::toString);
        assertTrue(denied.err().contains("access denied"), denied.err());
        assertFalse(denied.err().contains("wrong-secret"), "the secret is never printed");
        assertEquals(1, denied.err().lines().count(), denied.err());

        assertEquals(new String(before), new String(Files.readAllBytes(manifest)), "manifest unchanged");
    }

    @Test
    void movingTheBackupLocationWithSnapshotsNeedsForce(EtcdProcess etcd) throws Exception {
        Cli cli = cli(etcd);
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), 500, "fs://" + storage.resolve("b"));
        assertEquals(0, cli.run("backup").exitCode());
        Cli.Result refused = cli.run("params", "set", "backup_storage_directory", "elsewhere");
        assertEquals(ExitCodes.PRECONDITION, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("holds 1 snapshot(s)"), refused.err());
        Cli.Result forced = cli.run("params", "set", "backup_storage_directory", "elsewhere", "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertTrue(forced.err().contains("1 snapshot(s)"), forced.err());
    }

    @Test
    void aHeldLockRefusesWithExitCodeSixAndCanBeBroken(EtcdProcess etcd) throws Exception {
        Cli cli = cli(etcd);
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), 500, "fs://" + storage.resolve("b"));
        Files.createDirectories(storage.resolve("b/backup"));
        Files.writeString(storage.resolve("b/backup/backup.lock"),
                "{\"run_id\":\"run-elsewhere\",\"command\":\"backup\",\"host\":\"elsewhere.invalid\",\"pid\":12,\"job_repository\":\"x\","
                        + "\"job_execution_id\":99,\"acquired_at\":\"2026-01-01T00:00:00Z\",\"expires_at\":\"2026-01-01T06:00:00Z\"}");
        Cli.Result held = cli.run("backup");
        assertEquals(ExitCodes.LOCK_HELD, held.exitCode(), held::toString);
        assertTrue(held.err().contains("pid 12 on elsewhere.invalid"), held.err());
        assertTrue(cli.run("lock", "break").out().contains("broke the lock held by backup (pid 12 on elsewhere.invalid"));
        assertEquals(0, cli.run("backup").exitCode());
    }

    @Test
    void aSecretBearingParamIsSetFromAFileSoPsNeverShowsIt(EtcdProcess etcd, S3ProxyProcess s3) throws Exception {
        s3.createBucket("vf-backup");
        Cli cli = cli(etcd);
        generate(cli, "hummock+fs://" + storage.resolve("b"));
        Path file = storage.resolve("url");
        Files.writeString(file, s3.minioUrl("vf-backup") + "\n");
        Cli.Result set = cli.run("params", "set", "backup_storage_url", "--value-file", file.toString());
        assertEquals(0, set.exitCode(), set::toString);
        assertFalse(set.out().contains(S3ProxyProcess.SECRET_KEY), set.out());
        assertEquals(0, cli.run("params", "set", "backup_storage_directory", "backup").exitCode());
        assertEquals(0, cli.run("backup").exitCode(), "the secret read from the file reaches the backup");
        Cli.Result both = cli.run("params", "set", "backup_storage_url", "fs:///tmp", "--value-file", file.toString());
        assertEquals(ExitCodes.BAD_INPUT, both.exitCode(), both::toString);
    }
}
