package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.EtcdSettings;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.JetcdGateway;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.testkit.EtcdPool;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(RealServers.class)
class RestoreCommandTest {

    @TempDir
    Path home;

    @TempDir
    Path storage;

    private final EtcdProcess target = EtcdPool.take();
    private Cli cli;
    private String backups;
    private String state;

    @BeforeEach
    void backUpAGeneratedCluster(EtcdProcess source) throws Exception {
        Files.createDirectories(storage.resolve("b"));
        backups = "fs://" + storage.resolve("b");
        state = "fs://" + storage.resolve("state");
        cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", source.endpoint());
        cli.generateCluster("hummock+" + state, 3000, backups);
        Cli.Result backup = cli.run("backup");
        assertEquals(0, backup.exitCode(), backup::toString);
    }

    @AfterEach
    void stopTarget() {
        EtcdPool.giveBack(target);
    }

    private String[] restoreArgs(String... extra) {
        return Stream.concat(Stream.of("restore", "--meta-snapshot-id", "1", "--meta-store-type", "etcd", "--etcd-endpoints", target.endpoint(),
                "--backup-storage-url", backups, "--backup-storage-directory", "backup",
                "--hummock-storage-url", "hummock+" + state, "--hummock-storage-directory", "hummock_001"), Stream.of(extra)).toArray(String[]::new);
    }

    private long targetKeys(String user, String password) {
        EtcdSettings settings = user == null ? EtcdSettings.of(target.endpoint())
                : new EtcdSettings(EtcdSettings.parseEndpoints(target.endpoint()), user, password.toCharArray(), "", null);
        try (EtcdGateway gateway = JetcdGateway.connect(settings)) {
            return gateway.count(KeyRange.prefix(""));
        }
    }

    @Test
    void restoresWithValidatedSstsAndPrintsTheNextSteps() {
        Cli.Result r = cli.run(restoreArgs("--validate-integrity"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("restore job succeeded: snapshot 1 ("), r.out());
        assertTrue(r.out().contains("next steps:"), r.out());
        assertTrue(targetKeys(null, null) > 3000);
    }

    @Test
    void dryRunVerifiesAndPrintsThePlanButWritesNothing() {
        Cli.Result r = cli.run(restoreArgs("--dry-run"));
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("dry run: nothing was written."), r.out());
        assertTrue(r.out().contains("cf/catalog_table"), r.out());
        assertTrue(r.out().contains("max_committed_epoch:"), r.out());
        assertEquals(0, targetKeys(null, null));
    }

    @Test
    void unknownSnapshotIdListsTheIdsThatExist() {
        String[] args = restoreArgs();
        args[2] = "7";
        Cli.Result r = cli.run(args);
        assertEquals(ExitCodes.PRECONDITION, r.exitCode(), r::toString);
        assertTrue(r.err().contains("snapshot 7 is not in the manifest") && r.err().contains("[1]"), r.err());
        assertEquals(0, targetKeys(null, null));
    }

    @Test
    void aMissingPinnedSstIsFoundByValidateIntegrity() throws Exception {
        try (Stream<Path> ssts = Files.list(storage.resolve("state/hummock_001"))) {
            Files.delete(ssts.filter(p -> p.toString().endsWith(".data")).sorted().reduce((a, b) -> b).orElseThrow());
        }
        Cli.Result r = cli.run(restoreArgs("--validate-integrity"));
        assertEquals(ExitCodes.PRECONDITION, r.exitCode(), r::toString);
        assertTrue(r.err().contains("SSTs pinned by snapshot 1 are missing"), r.err());
        assertEquals(0, targetKeys(null, null));
    }

    @Test
    void badFlagsAreRefusedAsBadInput() {
        String[] args = restoreArgs();
        args[4] = "sql";
        Cli.Result type = cli.run(args);
        assertEquals(ExitCodes.BAD_INPUT, type.exitCode(), type::toString);
        assertTrue(type.err().contains("--meta-store-type sql is not supported"), type.err());
        Cli.Result partial = cli.run(restoreArgs("--overwrite-hummock-storage-endpoint"));
        assertEquals(ExitCodes.BAD_INPUT, partial.exitCode(), partial::toString);
        assertTrue(partial.err().contains("together, or none of them"), partial.err());
    }

    @Test
    void aTargetWithAuthNeedsTheRightPassword() throws Exception {
        target.etcdctl("user", "add", "root:s3cret-pw", "--interactive=false");
        target.etcdctl("user", "grant-role", "root", "root");
        target.etcdctl("auth", "enable");
        Path passwordFile = storage.resolve("pw");

        Files.writeString(passwordFile, "wrong\n");
        Cli.Result wrong = cli.run(restoreArgs("--etcd-auth", "--etcd-username", "root", "--etcd-password-file", passwordFile.toString()));
        assertEquals(ExitCodes.UNAVAILABLE, wrong.exitCode(), wrong::toString);
        assertTrue(wrong.err().contains("etcd refused the credentials"), wrong.err());

        Files.writeString(passwordFile, "s3cret-pw\n");
        Cli.Result right = cli.run(restoreArgs("--etcd-auth", "--etcd-username", "root", "--etcd-password-file", passwordFile.toString()));
        assertEquals(0, right.exitCode(), right::toString);
        assertTrue(targetKeys("root", "s3cret-pw") > 3000);
        assertFalse((right.out() + right.err()).contains("s3cret-pw"));
    }
}
