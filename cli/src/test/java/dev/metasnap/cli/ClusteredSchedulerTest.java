package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.PostgresProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Two scheduler nodes on one PostgreSQL database: each firing runs once; a killed node's job is recovered by the other. */
@Tag("tier2")
@ExtendWith(RealServers.class)
class ClusteredSchedulerTest {

    @TempDir
    Path storage;

    private final PostgresProcess postgres = PostgresProcess.start();
    private final List<Process> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(Process::destroyForcibly);
        postgres.close();
    }

    private Cli prepare(EtcdProcess etcd, int keys) throws Exception {
        Files.createDirectories(storage.resolve("b"));
        Cli cli = new Cli(storage.resolve("cli-home")).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint())
                .env("METASNAP_JOB_REPOSITORY_URL", postgres.jdbcUrl());
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), keys, "fs://" + storage.resolve("b"));
        return cli;
    }

    private Process node(String name, Path config) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.metasnap.cli.Main",
                "--home", storage.resolve(name).toString(), "scheduler", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(storage.resolve(name + ".log").toFile()).start();
        nodes.add(p);
        return p;
    }

    private Path config(EtcdProcess etcd, String cron) throws Exception {
        Path file = storage.resolve("scheduler.yaml");
        Files.writeString(file, String.join("\n", "job-repository-url: \"" + postgres.jdbcUrl() + "\"", "clusters:", "  - name: test",
                "    etcd-endpoints: " + etcd.endpoint(), "    backup: \"" + cron + "\"", ""));
        return file;
    }

    /** requested-at of every backup execution, with its status. */
    private List<String[]> backups(Connection c) throws Exception {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT e.JOB_EXECUTION_ID, e.STATUS, p.PARAMETER_VALUE FROM BATCH_JOB_EXECUTION e"
                + " JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = e.JOB_EXECUTION_ID WHERE p.PARAMETER_NAME = 'requested-at'")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        } catch (java.sql.SQLException e) {
            // tables not created yet
        }
        return rows;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    @Test
    void twoNodesFireEachTriggerExactlyOnce(EtcdProcess etcd) throws Exception {
        prepare(etcd, 300);
        Path config = config(etcd, "*/3 * * * * ?");
        node("a", config);
        node("b", config);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl())) {
            waitFor(() -> {
                try {
                    return backups(c).stream().filter(r -> r[1].equals("COMPLETED")).count() >= 4;
                } catch (Exception e) {
                    return false;
                }
            }, 90);
            nodes.forEach(Process::destroy);
            for (Process p : nodes) {
                assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            }
            List<String[]> rows = backups(c);
            Map<String, Integer> perFireTime = new HashMap<>();
            rows.forEach(r -> perFireTime.merge(r[2], 1, Integer::sum));
            assertTrue(rows.stream().filter(r -> r[1].equals("COMPLETED")).count() >= 4, "runs: " + rows.size());
            assertTrue(perFireTime.values().stream().allMatch(n -> n == 1), "a firing ran twice: " + perFireTime);
        }
        String logs = Files.readString(storage.resolve("a.log")) + Files.readString(storage.resolve("b.log"));
        assertTrue(logs.contains("completed"), logs);
    }

    @Test
    void aNodeKilledAfterSeveralExportChunksHasItsRunFinishedByTheOther(EtcdProcess etcd) throws Exception {
        killAndRecover(etcd, "s.STEP_NAME = 'exportMetaKeys' AND s.STATUS = 'STARTED' AND s.COMMIT_COUNT >= 3");
    }

    @Test
    void aNodeKilledAfterItsUploadBeganHasItsRunFinishedByTheOther(EtcdProcess etcd) throws Exception {
        killAndRecover(etcd, "s.STEP_NAME IN ('sealSnapshot', 'uploadSnapshot')");
    }

    /** Kills the node running the first backup once {@code stepCondition} holds; the other node, with its own work directory, must finish it. */
    private void killAndRecover(EtcdProcess etcd, String stepCondition) throws Exception {
        Cli cli = prepare(etcd, 150_000);
        Path config = config(etcd, "*/20 * * * * ?");
        Process a = node("a", config);
        Process b = node("b", config);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl())) {
            String[] firing = new String[1];
            waitFor(() -> {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT p.PARAMETER_VALUE FROM BATCH_STEP_EXECUTION s"
                        + " JOIN BATCH_JOB_EXECUTION_PARAMS p ON p.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID"
                        + " JOIN BATCH_JOB_EXECUTION e ON e.JOB_EXECUTION_ID = s.JOB_EXECUTION_ID"
                        + " WHERE " + stepCondition + " AND e.STATUS = 'STARTED' AND p.PARAMETER_NAME = 'requested-at'")) {
                    if (rs.next()) {
                        firing[0] = rs.getString(1);
                        return true;
                    }
                } catch (Exception e) {
                    return false;
                }
                return false;
            }, 60);
            assertTrue(firing[0] != null, "a backup got under way: " + Files.readString(storage.resolve("a.log")) + Files.readString(storage.resolve("b.log")));
            Process victim = Files.readString(storage.resolve("a.log")).contains("for the firing of " + firing[0] + " on this node") ? a : b;
            Process survivor = victim == a ? b : a;
            victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            waitFor(() -> {
                try {
                    return backups(c).stream().anyMatch(r -> r[2].equals(firing[0]) && r[1].equals("COMPLETED"));
                } catch (Exception e) {
                    return false;
                }
            }, 90);
            assertTrue(survivor.isAlive());
            assertTrue(backups(c).stream().anyMatch(r -> r[2].equals(firing[0]) && r[1].equals("COMPLETED")),
                    "the survivor recovered the run of " + firing[0] + ": " + Files.readString(storage.resolve(survivor == a ? "a.log" : "b.log")));
        }
        Cli.Result list = cli.run("list");
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("1 ")), list.toString());
        assertEquals(0, cli.run("verify", "1").exitCode(), "the recovered snapshot verifies");
    }

    @Test
    void aPendingRetryIsPersistedAndFiresAfterTheDaemonRestarts(EtcdProcess etcd) throws Exception {
        Cli cli = prepare(etcd, 300);
        // the backup directory is a regular file: every write of the backup fails until it is removed
        Path blocker = storage.resolve("b/backup");
        if (Files.isDirectory(blocker)) {
            try (var files = Files.walk(blocker)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.writeString(blocker, "not a directory");
        java.time.LocalDateTime at = java.time.LocalDateTime.now().plusSeconds(20);
        Path config = storage.resolve("scheduler.yaml");
        Files.writeString(config, String.join("\n", "job-repository-url: \"" + postgres.jdbcUrl() + "\"",
                "retry:", "  attempts: 1", "  backoff: 5s", "clusters:", "  - name: test", "    etcd-endpoints: " + etcd.endpoint(),
                "    backup: \"" + at.getSecond() + " " + at.getMinute() + " " + at.getHour() + " * * ?\"", ""));
        Process a = node("a", config);
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl())) {
            long[] due = {0};
            waitFor(() -> (due[0] = retryDue(c)) > 0, 60);
            assertTrue(due[0] > 0, "a retry trigger was persisted: " + Files.readString(storage.resolve("a.log")));
            a.destroy();
            assertTrue(a.waitFor(30, TimeUnit.SECONDS), "the node exits on SIGTERM");
            assertEquals(due[0], retryDue(c), "the retry trigger outlives the node: " + Files.readString(storage.resolve("a.log")));
            assertTrue(Files.readString(storage.resolve("a.log")).contains("stays in the job store"), Files.readString(storage.resolve("a.log")));
            assertTrue(backups(c).stream().allMatch(r -> r[1].equals("FAILED")) && backups(c).size() == 1, "one failed run: "
                    + backups(c).stream().map(java.util.Arrays::toString).toList());
            Files.delete(blocker);
            // the node stays down past the retry's due time: it misfires, and fires at once on the next start
            while (System.currentTimeMillis() < due[0] + 2000) {
                Thread.sleep(200);
            }
            node("a2", config);
            waitFor(() -> {
                try {
                    return backups(c).stream().anyMatch(r -> r[1].equals("COMPLETED"));
                } catch (Exception e) {
                    return false;
                }
            }, 40);
            List<String[]> rows = backups(c);
            assertEquals(List.of("FAILED", "COMPLETED"), rows.stream().sorted(java.util.Comparator.comparing(r -> Long.parseLong(r[0])))
                    .map(r -> r[1]).toList(), "the restarted node ran the persisted retry: " + Files.readString(storage.resolve("a2.log")));
            assertEquals(rows.get(0)[2], rows.get(1)[2], "both runs are of the one firing (one job instance)");
            waitFor(() -> retryDue(c) == 0, 10);
            assertEquals(0, retryDue(c), "the fired retry trigger is gone (Quartz deletes it when its job ends)");
            String log = Files.readString(storage.resolve("a2.log"));
            assertTrue(log.contains("restart 1 of job execution"), log);
        }
        assertTrue(cli.run("list").out().lines().anyMatch(l -> l.startsWith("1 ")));
    }

    /** The due time (epoch millis) of the pending retry trigger in Quartz's tables, 0 if there is none. */
    private static long retryDue(Connection c) {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT NEXT_FIRE_TIME FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'metasnap-retry'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            return 0;
        }
    }
}
