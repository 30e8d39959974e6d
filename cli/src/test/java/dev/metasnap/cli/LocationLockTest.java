package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.connect.RuntimeSecrets;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.manifest.BackupLock;
import dev.metasnap.core.manifest.BackupLockOwner;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.LockHolders;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One writer per location across homes (machines): the lock race, its loser, and breaking a lock. */
@Tag("tier2")
@ExtendWith(RealServers.class)
class LocationLockTest {

    @TempDir
    Path storage;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void kill() {
        children.forEach(Process::destroyForcibly);
    }

    private Cli prepare(EtcdProcess etcd, Path home) throws Exception {
        Files.createDirectories(storage.resolve("b"));
        Cli cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        cli.generateCluster("hummock+fs://" + storage.resolve("state"), 100_000, "fs://" + storage.resolve("b"));
        return cli;
    }

    private Process backup(EtcdProcess etcd, Path home) throws Exception {
        Process p = MetasnapProcess.start(home, home.resolve("out.log"), java.util.Map.of("METASNAP_ETCD_ENDPOINTS", etcd.endpoint()), "backup");
        children.add(p);
        return p;
    }

    @Test
    void twoBackupsFromTwoHomesAtTheSameInstantLetExactlyOneProceed(EtcdProcess etcd) throws Exception {
        Cli a = prepare(etcd, storage.resolve("home-a"));
        Process first = backup(etcd, storage.resolve("home-a"));
        Process second = backup(etcd, storage.resolve("home-b"));
        assertTrue(first.waitFor(120, TimeUnit.SECONDS) && second.waitFor(120, TimeUnit.SECONDS));
        String logs = Files.readString(storage.resolve("home-a/out.log")) + Files.readString(storage.resolve("home-b/out.log"));
        List<Integer> codes = List.of(first.exitValue(), second.exitValue());
        assertTrue(codes.contains(0) && codes.contains(ExitCodes.LOCK_HELD), "one succeeds, the other exits 6: " + codes + "\n" + logs);
        assertTrue(logs.contains("was abandoned so that no restart takes it up later") || logs.contains("is locked by"), logs);
        Cli.Result list = a.run("list");
        assertEquals(1, list.out().lines().filter(l -> l.matches("\\d+ .*")).count(), list.out());
        assertTrue(a.run("lock", "show").out().contains("not locked"));
    }

    @Test
    void aLockWhoseHolderRunsHereIsNotBrokenWithoutForce(EtcdProcess etcd) throws Exception {
        Cli cli = prepare(etcd, storage.resolve("home"));
        BackupStorage backup = new Connections(EtcdGateways.real(), ObjectStores.real(), new RuntimeSecrets())
                .backupStorage(BackupLocation.parse("fs://" + storage.resolve("b"), "backup"));
        new BackupLock(backup).acquire(BackupLockOwner.of("held-by-this-test", "backup", "repo", 3, Instant.now(), Duration.ofHours(1)),
                LockHolders.processesOnly());

        Cli.Result show = cli.run("lock", "show");
        assertTrue(show.out().contains("pid " + ProcessHandle.current().pid()) && show.out().contains("its process runs on this host"), show.out());
        Cli.Result refused = cli.run("lock", "break");
        assertEquals(ExitCodes.PRECONDITION, refused.exitCode(), refused::toString);
        Cli.Result backupRefused = cli.run("backup");
        assertEquals(ExitCodes.LOCK_HELD, backupRefused.exitCode(), backupRefused::toString);
        assertTrue(cli.run("jobs", "list").out().contains("no job executions"), "the refused backup left no run to restart");
        Cli.Result forced = cli.run("lock", "break", "--force");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertTrue(cli.run("lock", "show").out().contains("not locked"));
    }

    @Test
    void aSecondJobCommandOnOneHomeRefusesAtOnceInsteadOfCrashing(EtcdProcess etcd) throws Exception {
        Path home = storage.resolve("home");
        Cli cli = prepare(etcd, home);
        Process running = backup(etcd, home);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(home.resolve("work")) && running.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(running.isAlive(), "the first backup still runs");
        Cli.Result prune = cli.run("prune", "--keep-last", "1");
        assertEquals(ExitCodes.LOCK_HELD, prune.exitCode(), prune::toString);
        assertTrue(prune.err().contains("is in use by 'backup' (pid " + running.pid()), prune.err());
        assertTrue(running.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, running.exitValue(), Files.readString(home.resolve("out.log")));
        assertEquals(0, cli.run("prune", "--keep-last", "1").exitCode(), "the home is free again");
    }
}
