package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.connect.RuntimeSecrets;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.etcd.JetcdGateway;
import dev.metasnap.core.etcd.KeyPage;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.format.SnapshotSection;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.core.store.StoredObject;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.FaultProxy;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash and fault harness ({@code scripts/chaos.sh} runs it with more trials): metasnap
 * processes killed with SIGKILL at random moments of each job and resumed with 'jobs restart',
 * and backups, verifies and restores through a proxy that fails, resets and delays S3 requests.
 * Each trial's result must equal an uninterrupted run's, with no lock and no stray object left.
 * Trials per scenario and the seed come from the system properties {@code chaos.trials} (1 in
 * CI) and {@code chaos.seed}; the table goes to standard output and {@code target/chaos-table.txt}.
 */
@Tag("tier2")
@ExtendWith(RealServers.class)
class ChaosHarnessTest {

    private static final int KEYS = 60_000;

    @TempDir
    Path base;

    private final int trials = Integer.getInteger("chaos.trials", 1);
    /** Only the scenarios whose name starts with this run (all when empty). */
    private final String only = System.getProperty("chaos.only", "");
    private final Random random = new Random(Long.getLong("chaos.seed", 42L));
    private final Map<String, int[]> table = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private EtcdProcess source;
    private SortedMap<String, String> reference;
    private double backupSeconds;
    private double restoreSeconds;
    private String proxyCounts = "";

    @Test
    void everyKilledOrFaultedRunEndsAsAnUninterruptedOne(EtcdProcess etcd, S3ProxyProcess s3) throws Exception {
        source = etcd;
        Files.createDirectories(base.resolve("backups"));
        Cli setup = new Cli(base.resolve("setup")).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        setup.generateCluster("hummock+fs://" + base.resolve("state"), KEYS, "fs://" + base.resolve("backups"));

        long t0 = System.nanoTime();
        require(child(base.resolve("ref-home"), "ref", "backup").waitFor(120, TimeUnit.SECONDS), "reference backup ended");
        backupSeconds = (System.nanoTime() - t0) / 1e9;
        reference = keysOf(location("ref"), 1);
        try (EtcdProcess target = EtcdProcess.start()) {
            long r0 = System.nanoTime();
            Process p = child(base.resolve("ref-restore-home"), "ref", restoreArgs(target, "ref-state"));
            require(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0,
                    "reference restore succeeded: " + Files.readString(base.resolve("ref-restore-home").resolve("child.log")));
            restoreSeconds = (System.nanoTime() - r0) / 1e9;
        }
        prepareFourSnapshots();

        for (int i = 0; i < trials; i++) {
            trial("kill backup", i, this::killBackup);
            trial("kill restore", i, this::killRestore);
            trial("kill prune", i, this::killPrune);
            trial("kill verify", i, this::killVerify);
        }
        // the concurrency scenarios are quick and are what a lock must get right every time: full count
        for (int i = 0; i < trials; i++) {
            trial("2 homes: backups", i, n -> concurrent("cb" + n, false, false, new String[] {"backup"}, new String[] {"backup"}));
            trial("2 homes: bk+prune", i, n -> concurrent("cp" + n, false, true, new String[] {"backup"}, new String[] {"prune", "--keep-last", "1"}));
            trial("2 homes: bk+delete", i, n -> concurrent("cd" + n, false, true, new String[] {"backup"}, new String[] {"delete", "2"}));
            trial("1 home: bk+prune", i, n -> concurrent("sp" + n, true, true, new String[] {"backup"}, new String[] {"prune", "--keep-last", "1"}));
        }
        for (int i = 0; i < Math.max(1, trials / 4); i++) {
            trial("etcd down backup", i, this::etcdDownMidBackup);
            trial("etcd down restore", i, this::etcdDownMidRestore);
        }
        if (!only.isEmpty() && !"s3".startsWith(only) && !only.startsWith("s3")) {
            report();
            assertEquals(List.of(), failures);
            return;
        }
        s3.createBucket("chaos");
        try (FaultProxy proxy = FaultProxy.start(Integer.parseInt(s3.endpoint().replaceAll(".*:", "")), random.nextLong())) {
            String url = "minio://" + S3ProxyProcess.ACCESS_KEY + ":" + S3ProxyProcess.SECRET_KEY + "@127.0.0.1:" + proxy.port() + "/chaos";
            for (int i = 0; i < Math.max(1, trials / 4); i++) {
                s3Trial("s3 5% errors", i, proxy, url, new FaultProxy.Faults(0.05, 0, 0, 0));
                s3Trial("s3 20% errors", i, proxy, url, new FaultProxy.Faults(0.20, 0, 0, 0));
                s3Trial("s3 resets", i, proxy, url, new FaultProxy.Faults(0, 0.10, 0, 0));
                s3Trial("s3 3s delays", i, proxy, url, new FaultProxy.Faults(0, 0, 0.03, 3_000));
            }
            proxyCounts = proxy.requests() + " S3 requests through the fault proxy, " + proxy.injected() + " of them faulted";
        }
        report();
        assertEquals(List.of(), failures);
    }

    private interface Trial {
        void run(int i) throws Exception;
    }

    private void trial(String scenario, int i, Trial trial) {
        if (!scenario.startsWith(only)) {
            return;
        }
        int[] row = table.computeIfAbsent(scenario, k -> new int[2]);
        try {
            trial.run(i);
            row[0]++;
        } catch (Throwable t) {
            row[1]++;
            failures.add(scenario + " #" + i + ": " + t.getMessage());
        }
    }

    private static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("expected: " + what);
        }
    }

    // --- kill trials

    private void killBackup(int i) throws Exception {
        String dir = "kb" + i;
        Path home = base.resolve("home-" + dir);
        Cli cli = cli(home, dir);
        killAndResume(cli, home, dir, backupSeconds, "backup");
        requireOneSnapshotAsUninterrupted(cli, dir);
    }

    private void killRestore(int i) throws Exception {
        String home = "kr" + i;
        try (EtcdProcess target = EtcdProcess.start()) {
            Path h = base.resolve("home-" + home);
            Cli cli = cli(h, "ref");
            killAndResume(cli, h, "ref", restoreSeconds, restoreArgs(target, home + "-state"));
            require(reference.equals(keyspace(target)), "the restored etcd equals the snapshot");
        }
    }

    private void killPrune(int i) throws Exception {
        String dir = "kp" + i;
        copyLocation("four", dir);
        Path home = base.resolve("home-" + dir);
        Cli cli = cli(home, dir);
        killAndResume(cli, home, dir, 4, "prune", "--keep-last", "1");
        require(location(dir).readManifest().ids().equals(List.of(4L)), "only the newest is kept: " + location(dir).readManifest().ids());
        requireClean(cli, dir, Set.of("manifest.json", "4.snapshot"));
    }

    private void killVerify(int i) throws Exception {
        String dir = "kv" + i;
        copyLocation("four", dir);
        Path home = base.resolve("home-" + dir);
        Cli cli = cli(home, dir);
        killAndResume(cli, home, dir, 4, "verify", "--all");
        for (SnapshotMetadata s : location(dir).readManifest().snapshotMetadata()) {
            require(SnapshotMetadata.VERIFIED_OK.equals(s.lastVerifyResult()), "snapshot " + s.id() + " recorded as verified: " + s.lastVerifyResult());
        }
        requireClean(cli, dir, Set.of("manifest.json", "1.snapshot", "2.snapshot", "3.snapshot", "4.snapshot"));
    }

    // --- concurrency

    /**
     * Starts two commands on one location at the same instant, from two homes (two machines) or
     * one. Each must succeed or refuse with the lock-held exit code, never crash; afterwards every
     * manifest entry verifies, no other object is left, the lock is free, and a refused backup
     * left no run that a restart could turn into a surprise second backup.
     */
    private void concurrent(String dir, boolean sameHome, boolean fourSnapshots, String[] a, String[] b) throws Exception {
        if (fourSnapshots) {
            copyLocation("four", dir);
        }
        Path homeA = base.resolve("home-" + dir + "-a");
        Path homeB = sameHome ? homeA : base.resolve("home-" + dir + "-b");
        Process first = child(homeA, dir, a);
        Process second = child(homeB, dir, b);
        require(first.waitFor(180, TimeUnit.SECONDS) && second.waitFor(180, TimeUnit.SECONDS), "both commands ended");
        for (Process p : List.of(first, second)) {
            require(p.exitValue() == 0 || p.exitValue() == ExitCodes.LOCK_HELD, "each succeeded or found the lock held, exit " + p.exitValue()
                    + ": " + Files.readString(homeA.resolve("child.log")) + (sameHome ? "" : Files.readString(homeB.resolve("child.log"))));
        }
        if (!fourSnapshots) {
            require(first.exitValue() + second.exitValue() == ExitCodes.LOCK_HELD, "exactly one of two backups started together proceeds: exits "
                    + first.exitValue() + " and " + second.exitValue());
        }
        Cli cli = cli(homeA, dir);
        Cli.Result verify = cli.run("verify", "--all");
        require(verify.exitCode() == 0 || verify.out().contains("no snapshots"), "every snapshot left verifies: " + verify);
        Set<String> expected = new java.util.HashSet<>(Set.of("manifest.json"));
        location(dir).readManifest().ids().forEach(id -> expected.add(id + ".snapshot"));
        requireClean(cli, dir, expected);
        for (Path home : sameHome ? List.of(homeA) : List.of(homeA, homeB)) {
            Cli.Result failed = cli(home, dir).run("jobs", "list", "--status", "FAILED");
            require(failed.out().contains("no job executions"), "no restartable run left behind: " + failed);
        }
    }

    // --- etcd outages

    private void etcdDownMidBackup(int i) throws Exception {
        String dir = "eb" + i;
        Path home = base.resolve("home-" + dir);
        Cli cli = cli(home, dir);
        Process child = child(home, dir, "backup");
        Thread.sleep((long) (random.nextDouble() * backupSeconds * 1000));
        source.bounce(2_000);
        require(child.waitFor(180, TimeUnit.SECONDS), "the backup ended after the outage");
        finishAfterOutage(cli, child, "backup", "backup");
        requireOneSnapshotAsUninterrupted(cli, dir);
    }

    private void etcdDownMidRestore(int i) throws Exception {
        String name = "er" + i;
        try (EtcdProcess target = EtcdProcess.start()) {
            Path home = base.resolve("home-" + name);
            Cli cli = cli(home, "ref");
            String[] args = restoreArgs(target, name + "-state");
            Process child = child(home, "ref", args);
            Thread.sleep((long) (random.nextDouble() * restoreSeconds * 1000));
            target.bounce(2_000);
            require(child.waitFor(180, TimeUnit.SECONDS), "the restore ended after the outage");
            finishAfterOutage(cli, child, "restore", args);
            require(reference.equals(keyspace(target)), "the restored etcd equals the snapshot");
        }
    }

    /** A run that failed during an outage must have failed restartably; it is restarted until done. */
    private void finishAfterOutage(Cli cli, Process child, String what, String... rerun) throws IOException {
        if (child.exitValue() == 0) {
            return;
        }
        require(child.exitValue() == ExitCodes.UNAVAILABLE || child.exitValue() == ExitCodes.JOB_FAILED_RESTARTABLE,
                what + " failed restartably during the outage, exit " + child.exitValue());
        Cli.Result list = cli.run("jobs", "list");
        if (list.out().contains("no job executions")) {
            Cli.Result again = cli.run(rerun);
            require(again.exitCode() == 0, what + " runs after the outage: " + again);
            return;
        }
        untilDone(cli, cli.run("jobs", "restart", "1"), what);
    }

    /**
     * Runs the command in a child process, kills it with SIGKILL at a random moment within about
     * its uninterrupted run time, and resumes its run with 'jobs restart'; a child killed before its
     * job began leaves no run, and the command is run again instead.
     */
    private void killAndResume(Cli cli, Path home, String dir, double seconds, String... args) throws Exception {
        Process child = child(home, dir, args);
        long delay = (long) (random.nextDouble() * seconds * 1200);
        if (child.waitFor(delay, TimeUnit.MILLISECONDS)) {
            require(child.exitValue() == 0, "the run that ended before its kill succeeded, exit " + child.exitValue());
            return;
        }
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        if (cli.run("jobs", "list").out().contains("no job executions")) {
            Cli.Result again = cli.run(args);
            require(again.exitCode() == 0, args[0] + " after a kill before its job began succeeds: " + again);
            return;
        }
        Cli.Result restart = cli.run("jobs", "restart", "1");
        require(restart.exitCode() == 0 || restart.err().contains("already completed"),
                "'jobs restart 1' after a kill at " + delay + " ms succeeds: " + restart);
    }

    private void requireOneSnapshotAsUninterrupted(Cli cli, String dir) {
        BackupManifest manifest = location(dir).readManifest();
        require(manifest.snapshotMetadata().size() == 1, "one snapshot: " + manifest.ids());
        long id = manifest.snapshotMetadata().get(0).id();
        require(reference.equals(keysOf(location(dir), id)), "snapshot " + id + " holds the keyspace of an uninterrupted run");
        requireClean(cli, dir, Set.of("manifest.json", id + ".snapshot"));
    }

    private void requireClean(Cli cli, String dir, Set<String> expected) {
        Cli.Result lock = cli.run("lock", "show");
        require(lock.out().contains("not locked"), "no lock left: " + lock);
        List<String> names = new ArrayList<>();
        for (StoredObject o : location(dir).store().list(dir + "/")) {
            names.add(o.key().substring(dir.length() + 1));
        }
        require(Set.copyOf(names).equals(expected), "no stray object in " + dir + ": " + names);
    }

    // --- S3 fault trials

    private void s3Trial(String scenario, int i, FaultProxy proxy, String url, FaultProxy.Faults faults) {
        trial(scenario, i, n -> {
            String dir = "s3-" + scenario.replaceAll("[^a-z0-9]", "") + "-" + n;
            Cli cli = new Cli(base.resolve("home-" + dir)).env("METASNAP_ETCD_ENDPOINTS", source.endpoint())
                    .env("METASNAP_BACKUP_STORAGE_URL", url).env("METASNAP_BACKUP_STORAGE_DIRECTORY", dir);
            proxy.faults(faults);
            try {
                untilDone(cli, cli.run("backup"), "backup");
                untilDone(cli, cli.run("verify", "--all"), "verify");
                try (EtcdProcess target = EtcdProcess.start()) {
                    Files.createDirectories(base.resolve(dir + "-state"));
                    untilDone(cli, cli.run("restore", "--meta-snapshot-id", "1", "--etcd-endpoints", target.endpoint(), "--backup-storage-url", url,
                            "--backup-storage-directory", dir, "--hummock-storage-url", "hummock+fs://" + base.resolve(dir + "-state"),
                            "--hummock-storage-directory", "hummock_001"), "restore");
                    require(reference.equals(keyspace(target)), "the restored etcd equals the snapshot");
                }
            } finally {
                proxy.faults(FaultProxy.Faults.none());
            }
            BackupStorage storage = new Connections(EtcdGateways.real(), ObjectStores.real(), new RuntimeSecrets())
                    .backupStorage(BackupLocation.parse(url, dir));
            require(reference.equals(keysOf(storage, 1)), "the snapshot taken through faults equals an uninterrupted one");
        });
    }

    /** A run that failed restartably (exit 3 or 4) is restarted, at most three times. */
    private void untilDone(Cli cli, Cli.Result first, String what) {
        Cli.Result result = first;
        for (int attempt = 0; result.exitCode() != 0 && attempt < 3; attempt++) {
            require(result.exitCode() == ExitCodes.UNAVAILABLE || result.exitCode() == ExitCodes.JOB_FAILED_RESTARTABLE,
                    what + " failed restartably, not with a wrong result: " + result);
            String id = result.err().replaceAll("(?s).*metasnap jobs restart (\\d+).*", "$1");
            require(id.matches("\\d+"), what + " names the run to restart: " + result);
            result = cli.run("jobs", "restart", id);
        }
        require(result.exitCode() == 0, what + " completes within three restarts: " + result);
    }

    // --- helpers

    private Process child(Path home, String dir, String... args) throws IOException {
        return MetasnapProcess.start(home, home.resolve("child.log"), Map.of("METASNAP_ETCD_ENDPOINTS", source.endpoint(),
                "METASNAP_BACKUP_STORAGE_URL", "fs://" + base.resolve("backups"), "METASNAP_BACKUP_STORAGE_DIRECTORY", dir), args);
    }

    private String[] restoreArgs(EtcdProcess target, String state) throws IOException {
        Files.createDirectories(base.resolve(state));
        return new String[] {"restore", "--meta-snapshot-id", "1", "--etcd-endpoints", target.endpoint(),
                "--backup-storage-url", "fs://" + base.resolve("backups"), "--backup-storage-directory", "ref",
                "--hummock-storage-url", "hummock+fs://" + base.resolve(state), "--hummock-storage-directory", "hummock_001"};
    }

    private Cli cli(Path home, String dir) {
        return new Cli(home).env("METASNAP_ETCD_ENDPOINTS", source.endpoint())
                .env("METASNAP_BACKUP_STORAGE_URL", "fs://" + base.resolve("backups")).env("METASNAP_BACKUP_STORAGE_DIRECTORY", dir);
    }

    private BackupStorage location(String dir) {
        return new Connections(EtcdGateways.real(), ObjectStores.real(), new RuntimeSecrets())
                .backupStorage(BackupLocation.parse("fs://" + base.resolve("backups"), dir));
    }

    private void prepareFourSnapshots() {
        Cli cli = cli(base.resolve("home-four"), "four");
        for (int i = 0; i < 4; i++) {
            Cli.Result r = cli.run("backup");
            require(r.exitCode() == 0, "preparing four snapshots: " + r);
        }
    }

    private void copyLocation(String from, String to) throws IOException {
        Path src = base.resolve("backups").resolve(from);
        Path dst = base.resolve("backups").resolve(to);
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : files.toList()) {
                Files.copy(f, dst.resolve(f.getFileName()));
            }
        }
    }

    private static SortedMap<String, String> keysOf(BackupStorage storage, long id) {
        SortedMap<String, String> keys = new TreeMap<>();
        try (SnapshotReader reader = SnapshotReader.open(storage.store().get(storage.snapshotKey(id)))) {
            for (var s = reader.next(); s.isPresent(); s = reader.next()) {
                if (s.get() instanceof SnapshotSection.KvBlock block) {
                    for (MetaEntry e : block.entries()) {
                        keys.put(HexFormat.of().formatHex(e.key()), HexFormat.of().formatHex(e.value()));
                    }
                }
            }
        }
        return keys;
    }

    private static SortedMap<String, String> keyspace(EtcdProcess etcd) {
        SortedMap<String, String> keys = new TreeMap<>();
        try (EtcdGateway gateway = JetcdGateway.connect(EtcdSettings.of(etcd.endpoint()))) {
            KeyRange range = KeyRange.prefix("");
            while (true) {
                KeyPage page = gateway.range(range, 0, 5000);
                page.entries().forEach(e -> keys.put(HexFormat.of().formatHex(e.key()), HexFormat.of().formatHex(e.value())));
                if (!page.more() || page.entries().isEmpty()) {
                    return keys;
                }
                range = range.after(page.entries().get(page.entries().size() - 1).key());
            }
        }
    }

    private void report() throws IOException {
        StringBuilder b = new StringBuilder(String.format("%-18s %7s %7s %7s%n", "scenario", "trials", "passed", "failed"));
        int passed = 0;
        int failed = 0;
        for (var e : table.entrySet()) {
            b.append(String.format("%-18s %7d %7d %7d%n", e.getKey(), e.getValue()[0] + e.getValue()[1], e.getValue()[0], e.getValue()[1]));
            passed += e.getValue()[0];
            failed += e.getValue()[1];
        }
        b.append(String.format("%-18s %7d %7d %7d%n", "total", passed + failed, passed, failed));
        b.append(proxyCounts).append('\n');
        failures.forEach(f -> b.append("FAILED ").append(f).append('\n'));
        System.out.print(b);
        Path out = Path.of("target", "chaos-table.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, b.toString());
    }
}
