package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.etcd.FaultInjectingEtcdGateway;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.manifest.BackupLockOwner;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** 'status' for monitoring, and --json on every read command, on a generated cluster. */
@ExtendWith(RealServers.class)
class StatusAndJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private Cli.Result ok(String... args) {
        Cli.Result r = cli.run(args);
        assertEquals(0, r.exitCode(), () -> String.join(" ", args) + ": " + r);
        return r;
    }

    private static JsonNode json(Cli.Result r) throws Exception {
        return JSON.readTree(r.out());
    }

    @Test
    void anEmptyLocationIsStaleAndALockIsNamed() throws Exception {
        Files.createDirectories(dir);
        Cli.Result plain = ok("status");
        assertTrue(plain.out().contains("snapshots:         0\n"), plain.out());
        assertTrue(plain.out().contains("newest:            none; take one with 'metasnap backup'\n"), plain.out());
        assertTrue(plain.out().contains("last failed job:   none\n"), plain.out());

        Cli.Result stale = cli.run("status", "--max-age", "26h");
        assertEquals(ExitCodes.STALE, stale.exitCode(), stale::toString);
        assertEquals("stale: there is no good snapshot in fs://" + storage.resolve("b") + " directory 'backup', over --max-age 26h; run 'metasnap backup'\n",
                stale.err());
        assertEquals(ExitCodes.STALE, cli.env(StatusCommand.MAX_AGE_ENV, "26h").run("status").exitCode(), "the setting works like the flag");

        BackupLockOwner owner = BackupLockOwner.of("run-elsewhere", "backup", "jdbc:h2:file:/elsewhere", 42, Instant.now(), Duration.ofHours(6));
        Files.write(dir.resolve("backup.lock"), Json.write(owner));
        Cli.Result locked = cli.run("status", "--json");
        assertEquals(ExitCodes.STALE, locked.exitCode(), locked::toString);
        JsonNode doc = json(locked);
        assertEquals("run-elsewhere", doc.get("lock").get("run_id").asText());
        assertEquals(42, doc.get("lock").get("job_execution_id").asLong());
        assertTrue(doc.get("stale").asBoolean());
        assertEquals(26 * 3600, doc.get("max_age_seconds").asLong());
        assertFalse(doc.has("newest_snapshot"), doc.toString());

        JsonNode lock = json(ok("lock", "show", "--json"));
        assertTrue(lock.get("locked").asBoolean());
        assertEquals(doc.get("lock"), lock.get("lock"));
        Files.delete(dir.resolve("backup.lock"));
        assertFalse(json(ok("lock", "show", "--json")).get("locked").asBoolean());
    }

    @Test
    void statusNamesNewestVerifiedFailedJobAndDiskUse() throws Exception {
        ok("backup");
        ok("backup");
        Path second = dir.resolve("2.snapshot");
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(second, bytes);
        assertEquals(ExitCodes.VERIFICATION_FAILED, cli.run("verify", "2").exitCode());
        Cli.Result failed = cli.gateways(FaultInjectingEtcdGateway.wrapping(EtcdGateways.real(),
                new FaultInjectingEtcdGateway.Faults().failPagesAfter(0))).run("backup");
        assertEquals(ExitCodes.JOB_FAILED_RESTARTABLE, failed.exitCode(), failed::toString);
        long failedId = Long.parseLong(failed.err().replaceAll("(?s).*run 'metasnap jobs restart (\\d+)'.*", "$1"));
        cli.gateways(EtcdGateways.real());
        ok("lock", "break");

        JsonNode doc = json(ok("status", "--json", "--max-age", "1h"));
        assertEquals(2, doc.get("snapshot_count").asInt());
        assertEquals(2, doc.get("newest_snapshot").get("id").asLong());
        assertEquals(1, doc.get("newest_good_snapshot").get("id").asLong(), "a snapshot that failed verification is not good");
        assertEquals(1, doc.get("newest_verified_snapshot").get("id").asLong());
        assertEquals("ok", doc.get("newest_verified_snapshot").get("last_verify_result").asText());
        assertTrue(doc.get("newest_snapshot").get("age_seconds").asLong() < 3600);
        assertEquals(json(ok("pinned-ssts", "--json")).get("pinned_ssts").size(), doc.get("pinned_sst_count").asInt());
        assertFalse(doc.has("lock"), "no lock, no field: " + doc);
        assertEquals(failedId, doc.get("last_failed_job").get("id").asLong());
        assertEquals("backup", doc.get("last_failed_job").get("job").asText());
        assertEquals("FAILED", doc.get("last_failed_job").get("exit_code").asText());
        assertEquals("exportMetaKeys", doc.get("last_failed_job").get("failed_step").asText(), doc.toString());
        String message = doc.get("last_failed_job").get("exit_message").asText();
        assertTrue(!message.isEmpty() && !message.contains("Exception:") && !message.contains("\tat "), message + " in " + doc);
        assertTrue(doc.get("cluster").get("reachable").asBoolean(), doc.toString());
        long used;
        try (Stream<Path> files = Files.list(dir)) {
            used = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertEquals(used, doc.get("disk_bytes").asLong());
        assertFalse(doc.get("stale").asBoolean());

        Cli.Result text = ok("status");
        assertTrue(text.out().contains("newest verified:   snapshot 1, created "), text.out());
        assertTrue(text.out().contains("newest good:       snapshot 1, created "), text.out());
        assertTrue(text.out().contains("last failed job:   " + failedId + " (backup in step exportMetaKeys, ended "), text.out());
        assertTrue(text.out().contains("restart it with 'metasnap jobs restart " + failedId + "'"), text.out());

        Thread.sleep(1100);
        Cli.Result stale = cli.run("status", "--max-age", "1s");
        assertEquals(ExitCodes.STALE, stale.exitCode(), stale::toString);
        assertTrue(stale.err().startsWith("stale: the newest good snapshot, 1, is "), stale.err());
        assertTrue(stale.out().contains("-- STALE"), stale.out());
        assertEquals(ExitCodes.BAD_INPUT, cli.run("status", "--max-age", "soon").exitCode());

        assertFalse(doc.get("last_failed_job").hasNonNull("restarted_as"), doc.toString());
        Cli.Result restarted = ok("jobs", "restart", String.valueOf(failedId));
        JsonNode after = json(ok("status", "--json")).get("last_failed_job");
        assertEquals(failedId, after.get("id").asLong(), "the failed run stays the last failed one: " + after);
        long restartId = after.get("restarted_as").asLong();
        assertTrue(restartId > failedId, after.toString());
        assertTrue(restarted.out().contains(String.valueOf(restartId)), restarted.out());
        assertTrue(ok("status").out().contains("; restarted as " + restartId), "text names the restart");
    }

    @Test
    void aFailedStepsStackTraceGivesTheMessageOfMetasnapsOwnCause() {
        String trace = "org.springframework.batch.core.step.FatalStepExecutionException: Unable to process chunk\n\tat a.B.c(B.java:1)\n"
                + "Caused by: dev.metasnap.core.etcd.EtcdAccessException: etcd did not answer within 10s at http://x:2379\n\tat d.E.f(E.java:2)\n"
                + "Caused by: io.grpc.StatusRuntimeException: UNAVAILABLE: io exception\n";
        assertEquals("etcd did not answer within 10s at http://x:2379", StatusCommand.causeMessage(trace));
        assertEquals("UNAVAILABLE: io exception", StatusCommand.causeMessage(trace.replace("dev.metasnap.core.etcd.", "other.")));
        assertEquals("Unable to process chunk", StatusCommand.causeMessage("org.springframework.batch.core.step.FatalStepExecutionException: Unable to process chunk\n\tat a.B.c(B.java:1)"));
    }

    @Test
    void everyReadCommandPrintsJsonWith64BitIntegers() throws Exception {
        ok("backup");
        etcd.etcdctl("put", "cf/catalog_view/9001", "new view");
        ok("backup");

        JsonNode list = json(ok("list", "--json"));
        assertEquals(2, list.size());
        JsonNode first = list.get(0);
        assertTrue(first.get("max_committed_epoch").isIntegralNumber() && first.get("max_committed_epoch").asLong() > (1L << 53),
                "epochs beyond 2^53 stay exact integers: " + first);
        long max = first.get("max_committed_epoch").asLong();

        JsonNode epoch = json(ok("epoch", Long.toString(max), "--json"));
        assertEquals(max, epoch.get("epoch").asLong());
        assertEquals(1, epoch.get("covering_snapshots").get(0).asLong());
        Cli.Result given = cli.run("epoch", Long.toString(max), "--json", "--backup-storage-url", "fs://" + storage.resolve("b"),
                "--backup-storage-directory", "backup", "--etcd-endpoints", "http://127.0.0.1:1");
        assertEquals(0, given.exitCode(), given::toString);
        assertEquals("", given.err(), "a given location needs no etcd");
        assertEquals(epoch, json(given));

        JsonNode show = json(ok("show", "2", "--json"));
        assertEquals(2, show.get("meta_snapshot_id").asLong());
        assertTrue(show.get("column_families").size() > 1, show.toString());
        JsonNode keys = json(ok("show", "2", "--json", "--keys", "--values", "--prefix", "cf/catalog_view/9001"));
        assertEquals("cf/catalog_view/9001", keys.get("keys").get(0).get("key").asText());
        assertEquals("new view", keys.get("keys").get(0).get("value").asText());

        JsonNode diff = json(ok("diff", "1", "2", "--json", "--keys"));
        assertEquals(1, diff.get("from_snapshot_id").asLong());
        assertTrue(diff.get("keys").toString().contains("{\"change\":\"added\",\"key\":\"cf/catalog_view/9001\"}"), diff.toString());
        assertTrue(diff.get("column_families").toString().contains("{\"column_family\":\"cf/catalog_view\",\"added\":1,\"removed\":0,\"changed\":0}"),
                diff.toString());

        JsonNode pinned = json(ok("pinned-ssts", "--json"));
        assertEquals("[1,2]", pinned.get("snapshots").toString());
        assertEquals(ok("pinned-ssts").out().lines().count(), pinned.get("pinned_ssts").size());

        JsonNode params = json(ok("params", "show", "--json"));
        assertEquals("backup", params.get("backup_storage_directory").asText());
        assertEquals(ok("params", "show").out().lines().count(), params.size());

        JsonNode lock = json(ok("lock", "show", "--json"));
        assertFalse(lock.get("locked").asBoolean());
        assertEquals("fs://" + storage.resolve("b") + " directory 'backup'", lock.get("location").asText());
    }
}
