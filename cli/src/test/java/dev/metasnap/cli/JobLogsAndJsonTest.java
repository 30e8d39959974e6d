package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.jobs.JobLogFiles;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.etcd.FaultInjectingEtcdGateway;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Each job execution's own log file, 'jobs logs', and the JSON of 'jobs list' and 'jobs show'. */
@ExtendWith(RealServers.class)
class JobLogsAndJsonTest {

    private static final BackupSettings SMALL = new BackupSettings(2_000, 450_000, 500, 64 * 1024, 2, Duration.ofHours(1));

    @TempDir
    Path home;

    @TempDir
    Path storage;

    @Test
    void everyExecutionHasItsLogAndJsonKeepsIntegers(EtcdProcess etcd) throws Exception {
        Files.createDirectories(storage.resolve("b"));
        Cli cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint()).settings(SMALL);
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), 5000, "fs://" + storage.resolve("b"));
        assertEquals(0, cli.run("jobs", "list", "--json").exitCode());
        assertEquals("[ ]", cli.run("jobs", "list", "--json").out().strip(), "no repository yet is an empty list");
        assertFalse(Files.exists(home.resolve("jobs.mv.db")), "a read-only command creates no job repository");

        FaultInjectingEtcdGateway.Faults faults = new FaultInjectingEtcdGateway.Faults().failPagesAfter(2);
        Cli.Result failed = cli.gateways(FaultInjectingEtcdGateway.wrapping(EtcdGateways.real(), faults)).run("backup");
        assertEquals(ExitCodes.JOB_FAILED_RESTARTABLE, failed.exitCode(), failed::toString);
        faults.heal();
        assertEquals(0, cli.run("jobs", "restart", "1").exitCode());

        String first = Files.readString(JobLogFiles.file(home, 1));
        assertTrue(first.contains("job backup execution 1 (instance 1) started by pid"), first);
        assertTrue(first.contains("parameter backup.url = fs://" + storage.resolve("b")), first);
        assertTrue(first.matches("(?s).*step exportMetaKeys started\n.*step exportMetaKeys FAILED: read \\d+, written [1-9]\\d*, .*"), first);
        assertTrue(first.matches("(?s).*step acquireBackupLock started\n.*step acquireBackupLock COMPLETED[^\n]*\n.*step exportMetaKeys started\n.*"),
                "each step as it starts and ends: " + first);
        assertTrue(first.contains("failure: "), first);
        assertTrue(first.strip().endsWith("job ended FAILED, exit FAILED"), first);
        String second = Files.readString(JobLogFiles.file(home, 2));
        assertTrue(second.strip().endsWith("job ended COMPLETED, exit COMPLETED"), second);
        assertTrue(second.contains("step exportMetaKeys started") && second.contains("step commitManifest COMPLETED"), second);

        Cli.Result logs = cli.run("jobs", "logs", "2");
        assertEquals(0, logs.exitCode(), logs::toString);
        assertEquals(second, logs.out());
        Cli.Result followed = cli.run("jobs", "logs", "2", "--follow");
        assertEquals(second, followed.out(), "--follow of an ended job prints the log and returns");
        Cli.Result show = cli.run("jobs", "show", "2");
        assertTrue(show.out().contains("log: " + JobLogFiles.file(home, 2)), show.out());
        Cli.Result missing = cli.run("jobs", "logs", "99");
        assertEquals(ExitCodes.PRECONDITION, missing.exitCode(), missing::toString);
        assertEquals("error: no job execution 99 in the job repository; run 'metasnap jobs list'", missing.err().strip());

        ObjectMapper mapper = new ObjectMapper();
        JsonNode list = mapper.readTree(cli.run("jobs", "list", "--json").out());
        assertEquals(2, list.size());
        assertTrue(list.get(0).get("id").isIntegralNumber());
        assertEquals(2, list.get(0).get("id").asLong());
        assertEquals("COMPLETED", list.get(0).get("status").asText());
        assertEquals("FAILED", list.get(1).get("status").asText());
        assertTrue(list.get(1).get("started_at").asText().endsWith("Z"), list.toString());
        assertEquals(JobLogFiles.file(home, 1).toString(), list.get(1).get("log_file").asText());

        JsonNode detail = mapper.readTree(cli.run("jobs", "show", "1", "--json").out());
        assertEquals("backup", detail.get("job").asText());
        JsonNode export = null;
        for (JsonNode step : detail.get("steps")) {
            if (step.get("name").asText().equals("exportMetaKeys")) {
                export = step;
            }
        }
        assertTrue(export != null && export.get("write_count").isIntegralNumber() && export.get("write_count").asLong() > 0, detail.toString());
        JsonNode pid = null;
        for (JsonNode p : detail.get("parameters")) {
            if (p.get("type").asText().equals("Long")) {
                assertTrue(p.get("value").isIntegralNumber(), "a Long parameter is a JSON integer: " + p);
            }
            if (p.get("name").asText().equals("owner.pid")) {
                pid = p;
            }
        }
        // every launch records its owner's pid as a Long parameter: the integer case is always exercised
        assertTrue(pid != null && pid.get("type").asText().equals("Long") && pid.get("value").isIntegralNumber()
                && pid.get("value").asLong() == ProcessHandle.current().pid(), detail.toString());
        assertTrue(detail.has("ended_at") && detail.has("exit_message"), detail.toString());
    }
}
