package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.core.store.FaultInjectingObjectStore;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** delete, prune, verify, pinned-ssts, epoch, show and diff on generated clusters. */
@ExtendWith(RealServers.class)
class RetentionCommandsTest {

    @TempDir
    Path home;

    @TempDir
    Path storage;

    private Cli cli;
    private EtcdProcess etcd;
    private Path dir;

    @BeforeEach
    void cluster(EtcdProcess etcd) throws Exception {
        this.etcd = etcd;
        Files.createDirectories(storage.resolve("b"));
        dir = storage.resolve("b/backup");
        cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), 2000, "fs://" + storage.resolve("b"));
    }

    private void backups(int n) {
        for (int i = 0; i < n; i++) {
            Cli.Result r = cli.run("backup");
            assertEquals(0, r.exitCode(), r::toString);
        }
    }

    private static void age(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
    }

    @Test
    void pruneShowsItsPlanThenDeletesAndSweepsOldOrphansOnly() throws Exception {
        backups(3);
        Files.writeString(dir.resolve("99.snapshot"), "left by a crashed backup");
        age(dir.resolve("99.snapshot"));
        Files.writeString(dir.resolve("young.tmp"), "maybe still uploading");
        String manifestBefore = Files.readString(dir.resolve("manifest.json"));

        Cli.Result plan = cli.run("prune", "--keep-last", "1", "--dry-run");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().matches("(?s).*\\n  3 .* keep   keep-last 1.*"), plan.out());
        assertTrue(plan.out().matches("(?s).*\\n  1 .* delete no rule keeps it.*"), plan.out());
        assertTrue(plan.out().contains("orphan backup/99.snapshot"), plan.out());
        assertFalse(plan.out().contains("young.tmp"), plan.out());
        assertEquals(manifestBefore, Files.readString(dir.resolve("manifest.json")), "a dry run changes nothing");

        Cli.Result prune = cli.run("prune", "--keep-last", "1");
        assertEquals(0, prune.exitCode(), prune::toString);
        assertTrue(prune.out().startsWith("prune job succeeded: deleted snapshot(s) [1,2]"), prune.out());
        assertTrue(prune.out().contains("1 orphaned object(s) swept"), prune.out());
        assertTrue(Files.notExists(dir.resolve("1.snapshot")) && Files.notExists(dir.resolve("2.snapshot")) && Files.notExists(dir.resolve("99.snapshot")));
        assertTrue(Files.exists(dir.resolve("3.snapshot")) && Files.exists(dir.resolve("young.tmp")));
        assertTrue(cli.run("list").out().lines().skip(1).allMatch(l -> l.startsWith("3 ")));

        backups(1);
        assertTrue(cli.run("list").out().lines().anyMatch(l -> l.startsWith("4 ")), "ids only grow, even after deletes");
    }

    @Test
    void pruneFailingMidDeleteIsRestartedToTheSamePlan() throws Exception {
        backups(4);
        FaultInjectingObjectStore.Faults faults = new FaultInjectingObjectStore.Faults().failDeletesAfter(1);
        Cli.Result failed = cli.stores(FaultInjectingObjectStore.wrapping(ObjectStores.real(), faults)).run("prune", "--keep-last", "1");
        assertEquals(ExitCodes.JOB_FAILED_RESTARTABLE, failed.exitCode(), failed::toString);
        assertTrue(failed.err().contains("deleteSnapshotObjects"), failed.err());
        assertTrue(Files.notExists(dir.resolve("1.snapshot")), "the first delete went through");
        assertTrue(Files.exists(dir.resolve("2.snapshot")), "the second failed");
        assertTrue(cli.run("list").out().lines().skip(1).allMatch(l -> l.startsWith("4 ")), "manifest entries went first");

        faults.heal();
        String id = failed.err().replaceAll("(?s).*jobs restart (\\d+).*", "$1");
        Cli.Result restarted = cli.run("jobs", "restart", id);
        assertEquals(0, restarted.exitCode(), restarted::toString);
        assertTrue(Files.notExists(dir.resolve("2.snapshot")) && Files.notExists(dir.resolve("3.snapshot")));
        assertTrue(Files.exists(dir.resolve("4.snapshot")));
    }

    @Test
    void deleteRefusesUnknownIdsAndReportsUnpinnedSsts() throws Exception {
        backups(2);
        Cli.Result unknown = cli.run("delete", "1", "7");
        assertEquals(ExitCodes.PRECONDITION, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("[7] not in the manifest") && unknown.err().contains("[1, 2]"), unknown.err());
        assertTrue(Files.exists(dir.resolve("1.snapshot")), "nothing changed");

        Cli.Result deleted = cli.run("delete", "1");
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertTrue(deleted.out().contains("0 SST(s) no longer pinned"), "both snapshots pin the same version: " + deleted.out());
        assertTrue(Files.notExists(dir.resolve("1.snapshot")));
        Cli.Result pinned = cli.run("pinned-ssts", "--json");
        assertTrue(pinned.out().contains("\"snapshots\" : [ 2 ]"), pinned.out());
    }

    @Test
    void verifyFindsOneFlippedByteInEachRegionAndAShaThatDisagrees() throws Exception {
        backups(1);
        Cli.Result ok = cli.run("verify", "--all", "--validate-integrity");
        assertEquals(0, ok.exitCode(), ok::toString);
        assertTrue(ok.out().startsWith("verify job succeeded: snapshot(s) [1] ok, every pinned SST present"), ok.out());
        assertTrue(cli.run("list").out().lines().skip(1).allMatch(l -> l.contains("Z ok")));

        Path object = dir.resolve("1.snapshot");
        byte[] clean = Files.readAllBytes(object);
        expectCorrupt(object, clean, 30, "header");
        expectCorrupt(object, clean, clean.length / 2, "block ");
        expectCorrupt(object, clean, clean.length - 30, "trailer");

        Path manifest = dir.resolve("manifest.json");
        String text = Files.readString(manifest);
        String sha = text.replaceAll("(?s).*\"sha256\" : \"([0-9a-f]{64})\".*", "$1");
        Files.writeString(manifest, text.replace(sha, "0".repeat(64)));
        Cli.Result shaMismatch = cli.run("verify", "1");
        assertEquals(ExitCodes.VERIFICATION_FAILED, shaMismatch.exitCode(), shaMismatch::toString);
        assertTrue(shaMismatch.err().contains("snapshot 1 corrupt: object: SHA-256 " + sha), shaMismatch.err());
        assertTrue(cli.run("list").out().contains("FAILED"));
    }

    private void expectCorrupt(Path object, byte[] clean, int offset, String region) throws Exception {
        byte[] bytes = clean.clone();
        bytes[offset] ^= 0x10;
        Files.write(object, bytes);
        Cli.Result r = cli.run("verify", "1");
        assertEquals(ExitCodes.VERIFICATION_FAILED, r.exitCode(), r::toString);
        assertTrue(r.err().contains("snapshot 1 corrupt: " + region), region + ": " + r.err());
        Files.write(object, clean);
    }

    @Test
    void epochLookupsAreInclusiveAtBothEdgesAndConvertBothWays() {
        backups(1);
        String json = cli.run("list", "--json").out();
        long safe = Long.parseLong(json.replaceAll("(?s).*\"safe_epoch\" : (\\d+).*", "$1"));
        long max = Long.parseLong(json.replaceAll("(?s).*\"max_committed_epoch\" : (\\d+).*", "$1"));
        String maxTs = json.replaceAll("(?s).*\"max_committed_epoch_ts\" : \"([^\"]+)\".*", "$1");

        assertTrue(cli.run("epoch", Long.toString(safe)).out().contains("covered by snapshot 1"));
        assertTrue(cli.run("epoch", Long.toString(max)).out().contains("covered by snapshot 1"));
        Cli.Result after = cli.run("epoch", Long.toString(max + 1), "--json");
        assertTrue(after.out().contains("\"covering_snapshots\" : [ ]") && after.out().contains("\"nearest_snapshot\" : 1"), after.out());
        assertTrue(cli.run("epoch", Long.toString(safe - 1)).out().contains("no snapshot covers it; nearest is snapshot 1"));

        Cli.Result at = cli.run("epoch", "--at", maxTs);
        assertTrue(at.out().startsWith("epoch " + ((max >>> 16) << 16) + " = " + maxTs), at.out());
        assertTrue(cli.run("epoch", "0", "--offline").out().contains("0 means the latest data"));
        assertEquals(ExitCodes.BAD_INPUT, cli.run("epoch", "--at", "yesterday").exitCode());
    }

    @Test
    void showAndDiffSeeKnownDifferences() {
        backups(1);
        etcd.etcdctl("put", "cf/catalog_view/9001", "new view");
        etcd.etcdctl("put", "default/table_id_next_generator", "777");
        etcd.etcdctl("del", "cf/system_params/block_size_kb");
        backups(1);

        Cli.Result diff = cli.run("diff", "1", "2", "--keys");
        assertEquals(0, diff.exitCode(), diff::toString);
        assertTrue(diff.out().contains("+ cf/catalog_view/9001"), diff.out());
        assertTrue(diff.out().contains("~ default/table_id_next_generator"), diff.out());
        assertTrue(diff.out().contains("- cf/system_params/block_size_kb"), diff.out());
        assertTrue(diff.out().matches("(?s).*cf/catalog_view\\s+1\\s+0\\s+0.*"), diff.out());
        assertTrue(diff.out().matches("(?s).*cf/system_params\\s+0\\s+1\\s+0.*"), diff.out());
        assertTrue(diff.out().matches("(?s).*default\\s+0\\s+0\\s+1.*"), diff.out());

        Cli.Result show = cli.run("show", "2");
        assertTrue(show.out().matches("(?s).*cf/system_params\\s+\\d+.*"), show.out());
        Cli.Result keys = cli.run("show", "2", "--keys", "--values", "--prefix", "default/table_id_next_generator");
        assertEquals("default/table_id_next_generator = 777", keys.out().strip());
    }
}
