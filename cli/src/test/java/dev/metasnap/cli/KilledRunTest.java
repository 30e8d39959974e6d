package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup process killed with SIGKILL in its first second: the job repository still knows the
 * run and its owner, so 'jobs restart' finishes it and 'jobs abandon' frees its work files.
 */
@Tag("tier2")
@ExtendWith(RealServers.class)
class KilledRunTest {

    @TempDir
    Path home;

    @TempDir
    Path storage;

    private Process child;

    @AfterEach
    void kill() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    private Cli prepare(EtcdProcess etcd) throws Exception {
        Files.createDirectories(storage.resolve("b"));
        Cli cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), 100_000, "fs://" + storage.resolve("b"));
        return cli;
    }

    /** Starts 'metasnap backup' in its own JVM and kills it with SIGKILL as soon as its run has a work directory. */
    private void backupKilledEarly(EtcdProcess etcd, long instance) throws Exception {
        child = MetasnapProcess.start(home, storage.resolve("child.log"), java.util.Map.of("METASNAP_ETCD_ENDPOINTS", etcd.endpoint()), "backup");
        Path work = home.resolve("work").resolve("backup-" + instance);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(work) && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the backup was still running when killed: " + Files.readString(storage.resolve("child.log")));
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void aRunKilledInItsFirstSecondIsRestartedToCompletion(EtcdProcess etcd) throws Exception {
        Cli cli = prepare(etcd);
        backupKilledEarly(etcd, 1);

        Cli.Result list = cli.run("jobs", "list");
        assertTrue(list.out().contains("backup     STARTED"), list.toString());
        Cli.Result restart = cli.run("jobs", "restart", "1");
        assertEquals(0, restart.exitCode(), restart::toString);
        assertTrue(restart.err().contains("which is gone; marked it FAILED"), restart.err());
        // a kill between reserving the id and the end of its step leaves that id unused: ids only grow, gaps are allowed
        Cli.Result snapshots = cli.run("list");
        assertEquals(1, snapshots.out().lines().filter(l -> l.matches("\\d+ .*")).count(), "one snapshot: " + snapshots.out());
        assertTrue(cli.run("lock", "show").out().contains("not locked"), cli.run("lock", "show").toString());
        assertFalse(Files.exists(home.resolve("work").resolve("backup-1")), "work files removed after the commit");
    }

    @Test
    void abandoningAKilledRunRemovesItsWorkFiles(EtcdProcess etcd) throws Exception {
        Cli cli = prepare(etcd);
        backupKilledEarly(etcd, 1);
        Path work = home.resolve("work").resolve("backup-1");
        assertTrue(Files.exists(work));

        Cli.Result abandon = cli.run("jobs", "abandon", "1");
        assertEquals(0, abandon.exitCode(), abandon::toString);
        assertTrue(abandon.out().contains("job execution 1 abandoned"), abandon.out());
        assertFalse(Files.exists(work), "work files removed");
        assertTrue(cli.run("jobs", "list").out().contains("backup     ABANDONED"), cli.run("jobs", "list").out());
        assertTrue(cli.run("lock", "show").out().contains("not locked"), "the abandoned run's lock was released: " + cli.run("lock", "show"));
    }
}
