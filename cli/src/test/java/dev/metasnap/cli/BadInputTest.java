package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.FreePorts;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input is one line on stderr naming the value, its documented exit code (never 1,
 * never a stack trace or "report it"), and changes nothing: not the manifest or any object of a
 * location, not the etcd keyspace of the source or of a restore target.
 */
@ExtendWith(RealServers.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    /**
     * One bad input: the command line, the exit code it must get and a fragment of its one line;
     * {@code records} names the one file it may change (a verify records its failed outcome in the manifest).
     */
    record Row(String name, int exitCode, String message, String records, String[] args) {
        Row recording(String file) {
            return new Row(name, exitCode, message, file, args);
        }
    }

    private static Row row(String name, int exitCode, String message, String... args) {
        return new Row(name, exitCode, message, null, args);
    }

    private Path home;
    private Path storage;
    private Path files;
    private EtcdProcess source;
    private EtcdProcess empty;
    private EtcdProcess authenticated;
    private S3ProxyProcess s3;
    private ServerSocket busyPort;
    private Cli cli;
    private String backups;
    private String state;

    @BeforeAll
    void aClusterWithTwoSnapshotsAndDamagedCopiesOfItsLocation(EtcdProcess etcd, S3ProxyProcess s3, @TempDir Path temp) throws Exception {
        home = Files.createDirectories(temp.resolve("home"));
        storage = Files.createDirectories(temp.resolve("storage"));
        files = Files.createDirectories(temp.resolve("files"));
        this.source = etcd;
        this.s3 = s3;
        empty = EtcdProcess.start();
        authenticated = EtcdProcess.start();
        authenticated.etcdctl("user", "add", "root", "--new-user-password", "right-password");
        authenticated.etcdctl("auth", "enable");
        s3.createBucket("bad-input-backup");
        Files.createDirectories(storage.resolve("b"));
        backups = "fs://" + storage.resolve("b");
        state = "fs://" + storage.resolve("state");
        cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", source.endpoint());
        cli.generateCluster("hummock+" + state, 300, backups);
        for (int i = 0; i < 2; i++) {
            Cli.Result backup = cli.run("backup");
            assertEquals(0, backup.exitCode(), backup::toString);
        }
        Path good = storage.resolve("b/backup");
        Path truncated = copyLocation(good, "truncated");
        byte[] object = Files.readAllBytes(truncated.resolve("1.snapshot"));
        Files.write(truncated.resolve("1.snapshot"), java.util.Arrays.copyOf(object, object.length / 2));
        Files.delete(copyLocation(good, "deleted").resolve("1.snapshot"));
        Files.writeString(copyLocation(good, "notjson").resolve("manifest.json"), "this is not json {");
        Path future = copyLocation(good, "future").resolve("manifest.json");
        Files.writeString(future, Files.readString(future).replaceFirst("\\{", "{\n  \"format_version\" : 99,"));
        Path futureEntry = copyLocation(good, "futureentry").resolve("manifest.json");
        Files.writeString(futureEntry, Files.readString(futureEntry).replaceAll("\"format_version\" : 1", "\"format_version\" : 99"));
        Files.writeString(files.resolve("wrong-password"), "wrong-password\n");
        busyPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        schedulerConfigs();
    }

    @AfterAll
    void stopServers() throws IOException {
        empty.close();
        authenticated.close();
        busyPort.close();
    }

    private Path copyLocation(Path from, String name) throws IOException {
        Path to = storage.resolve("b").resolve(name);
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    private void schedulerConfigs() throws IOException {
        String cluster = "clusters:\n  - name: prod\n    etcd-endpoints: " + source.endpoint() + "\n";
        Files.writeString(files.resolve("bad-cron.yaml"), cluster + "    backup: \"every night\"\n");
        Files.writeString(files.resolve("unknown-key.yaml"), cluster + "    backup: \"0 30 2 * * ?\"\n    bakcup-storage-directory: prod\n");
        Files.writeString(files.resolve("not-a-port.yaml"), "metrics:\n  listen: 127.0.0.1:notaport\n" + cluster + "    backup: \"0 30 2 * * ?\"\n");
        Files.writeString(files.resolve("busy-port.yaml"), "metrics:\n  listen: 127.0.0.1:" + busyPort.getLocalPort() + "\n" + cluster
                + "    backup: \"0 30 2 * * ?\"\n");
        Files.writeString(files.resolve("not-yaml.yaml"), "clusters: [\n  - name: {prod\n");
        Files.writeString(files.resolve("no-password-file.yaml"), cluster + "    etcd-username: root\n    etcd-password-file: " + files.resolve("absent")
                + "\n    backup: \"0 30 2 * * ?\"\n");
        Files.writeString(files.resolve("prune-without-rule.yaml"), cluster + "    prune:\n      cron: \"0 0 4 * * ?\"\n");
        Files.writeString(files.resolve("bad-duration.yaml"), "retry:\n  attempts: 1\n  backoff: 5 minutes\n" + cluster + "    backup: \"0 30 2 * * ?\"\n");
    }

    private String[] at(String directory, String... command) {
        return Stream.concat(Stream.of(command), Stream.of("--backup-storage-url", backups, "--backup-storage-directory", directory))
                .toArray(String[]::new);
    }

    private String[] restore(String directory, String id, String target, String... extra) {
        return Stream.concat(Stream.of("restore", "--meta-snapshot-id", id, "--etcd-endpoints", target,
                "--backup-storage-url", backups, "--backup-storage-directory", directory,
                "--hummock-storage-url", "hummock+" + state, "--hummock-storage-directory", "hummock_001"), Stream.of(extra)).toArray(String[]::new);
    }

    private List<Row> rows() {
        String unreachable = "http://127.0.0.1:" + FreePorts.next();
        String wrongSecret = s3.minioUrl("bad-input-backup").replace(S3ProxyProcess.SECRET_KEY, "wrong-secret");
        List<Row> rows = new ArrayList<>();
        // storage URLs and locations
        rows.add(row("unsupported scheme", 2, "unsupported scheme 's4'", "list", "--backup-storage-url", "s4://nope", "--backup-storage-directory", "backup"));
        rows.add(row("no scheme", 2, "no scheme", "list", "--backup-storage-url", "just-a-bucket", "--backup-storage-directory", "backup"));
        rows.add(row("minio without secret", 2, "key:secret@host:port/bucket", "list", "--backup-storage-url", "minio://nocolon@127.0.0.1:9000/b",
                "--backup-storage-directory", "backup"));
        rows.add(row("minio without port", 2, "host:port", "list", "--backup-storage-url", "minio://k:s@127.0.0.1/b", "--backup-storage-directory", "backup"));
        rows.add(row("s3 without bucket", 2, "'s3://'", "list", "--backup-storage-url", "s3://", "--backup-storage-directory", "backup"));
        rows.add(row("s3 with a bad endpoint", 2, "endpoint", "list", "--backup-storage-url", "s3://b?endpoint=nohost", "--backup-storage-directory", "backup"));
        rows.add(row("relative fs path", 2, "absolute path", "list", "--backup-storage-url", "fs://relative/dir", "--backup-storage-directory", "backup"));
        rows.add(row("fs URL naming a file", 4, "is a file, not a directory", "list", "--backup-storage-url", "fs:///etc/hostname",
                "--backup-storage-directory", "backup"));
        rows.add(row("fs URL naming a missing directory", 4, "does not exist; create it", "backup",
                "--backup-storage-url", "fs://" + storage.resolve("missing"), "--backup-storage-directory", "backup"));
        rows.add(row("url without directory", 2, "--backup-storage-directory", "list", "--backup-storage-url", backups));
        rows.add(row("directory escaping the location", 2, "../up", "list", "--backup-storage-url", backups, "--backup-storage-directory", "../up"));
        rows.add(row("missing bucket", 4, "bucket 'no-such-bucket' does not exist", "backup",
                "--backup-storage-url", s3.minioUrl("no-such-bucket"), "--backup-storage-directory", "backup"));
        rows.add(row("wrong storage credentials", 7, "access denied", "list", "--backup-storage-url", wrongSecret, "--backup-storage-directory", "backup"));
        // snapshot ids
        rows.add(row("unknown id to show", 4, "999999", at("backup", "show", "999999")));
        rows.add(row("negative id to show", 2, "-1", at("backup", "show", "-1")));
        rows.add(row("huge id to show", 2, "99999999999999999999", at("backup", "show", "99999999999999999999")));
        rows.add(row("non-numeric id to show", 2, "abc", at("backup", "show", "abc")));
        rows.add(row("unknown id to delete", 4, "999999", at("backup", "delete", "999999")));
        rows.add(row("negative id to delete", 2, "-5", at("backup", "delete", "-5")));
        rows.add(row("unknown id to verify", 4, "999999", at("backup", "verify", "999999")));
        rows.add(row("unknown id to diff", 4, "999999", at("backup", "diff", "1", "999999")));
        rows.add(row("unknown id to restore", 4, "999999", restore("backup", "999999", empty.endpoint())));
        rows.add(row("non-numeric id to restore", 2, "abc", restore("backup", "abc", empty.endpoint())));
        // flags
        rows.add(row("unknown flag", 2, "--no-such-flag", "backup", "--no-such-flag"));
        rows.add(row("unknown flag of a subcommand", 2, "--bogus", "jobs", "list", "--bogus"));
        rows.add(row("ids with --all", 2, "--all", at("backup", "verify", "1", "--all")));
        rows.add(row("verify of nothing", 2, "--all", at("backup", "verify")));
        rows.add(row("value and --value-file", 2, "not both", "params", "set", "remarks", "x", "--value-file", files.resolve("wrong-password").toString()));
        rows.add(row("unsupported meta store type", 2, "sql", restore("backup", "1", empty.endpoint(), "--meta-store-type", "sql")));
        rows.add(row("https etcd endpoint", 2, "https://127.0.0.1:2379", "list", "--etcd-endpoints", "https://127.0.0.1:2379"));
        rows.add(row("etcd user without password", 2, "needs a password", "params", "show", "--etcd-username", "root"));
        rows.add(row("negative --keep-last", 2, "-1", at("backup", "prune", "--keep-last", "-1")));
        rows.add(row("prune without a rule", 2, "--keep-last", at("backup", "prune")));
        rows.add(row("invalid duration", 2, "3x", at("backup", "prune", "--keep-within", "3x")));
        rows.add(row("zero --etcd-timeout", 2, "--etcd-timeout must be longer than 0", "list", "--etcd-timeout", "0s"));
        rows.add(row("malformed --etcd-timeout", 2, "duration 'soon'", "list", "--etcd-timeout", "soon"));
        rows.add(row("invalid --since", 2, "5q", "jobs", "list", "--since", "5q"));
        // restore targets and etcd
        rows.add(row("non-empty restore target", 4, "not empty", restore("backup", "1", source.endpoint())));
        rows.add(row("wrong etcd password", 7, "root", "params", "show", "--etcd-endpoints", authenticated.endpoint(), "--etcd-username", "root",
                "--etcd-password-file", files.resolve("wrong-password").toString()));
        rows.add(row("unreachable etcd", 7, "127.0.0.1", "backup", "--etcd-endpoints", unreachable, "--etcd-timeout", "2s"));
        rows.add(row("unreachable etcd with an explicit location", 7, unreachable.substring(7), at("backup", "backup", "--etcd-endpoints", unreachable, "--etcd-timeout", "2s")));
        rows.add(row("empty etcd with an explicit location", 4, "no keys", at("backup", "backup", "--etcd-endpoints", empty.endpoint())));
        rows.add(row("wrong root prefix with an explicit location", 4, "wrong-prefix/", at("backup", "backup", "--root-prefix", "wrong-prefix/")));
        rows.add(row("unwritable home", 4, "/proc/metasnap-home", "jobs", "list", "--home", "/proc/metasnap-home"));
        // damaged and future locations
        rows.add(row("truncated snapshot object", 5, "snapshot 1 corrupt", at("truncated", "verify", "1")).recording("truncated/manifest.json"));
        rows.add(row("restore of a truncated snapshot object", 5, "truncated", restore("truncated", "1", empty.endpoint())));
        rows.add(row("deleted snapshot object", 5, "1.snapshot", at("deleted", "verify", "1")).recording("deleted/manifest.json"));
        rows.add(row("show of a deleted snapshot object", 4, "1.snapshot", at("deleted", "show", "1")));
        rows.add(row("restore of a deleted snapshot object", 4, "1.snapshot", restore("deleted", "1", empty.endpoint())));
        rows.add(row("manifest that is not JSON", 4, "does not parse", at("notjson", "list")));
        rows.add(row("backup onto a manifest that is not JSON", 4, "does not parse", at("notjson", "backup")));
        rows.add(row("manifest from the future", 4, "format_version 99", at("future", "list")));
        rows.add(row("delete in a manifest from the future", 4, "format_version 99", at("future", "delete", "1")));
        rows.add(row("entry from the future to verify", 4, "format_version 99", at("futureentry", "verify", "1")));
        rows.add(row("entry from the future to restore", 4, "format_version 99", restore("futureentry", "1", empty.endpoint())));
        rows.add(row("entry from the future to show", 4, "format_version 99", at("futureentry", "show", "1")));
        // params
        rows.add(row("unknown param", 2, "no_such_param", "params", "set", "no_such_param", "1"));
        rows.add(row("non-numeric param", 2, "abc", "params", "set", "barrier_interval_ms", "abc"));
        rows.add(row("non-boolean param", 2, "maybe", "params", "set", "pause_on_next_bootstrap", "maybe"));
        rows.add(row("garbage state store", 2, "garbage", "params", "set", "state_store", "garbage"));
        rows.add(row("state store without hummock+", 2, "hummock+", "params", "set", "state_store", "fs:///srv/state"));
        rows.add(row("backup URL with a relative path", 2, "absolute path", "params", "set", "backup_storage_url", "fs://relative"));
        // scheduler
        rows.add(row("scheduler with a bad cron", 2, "every night", "scheduler", "--config", files.resolve("bad-cron.yaml").toString()));
        rows.add(row("scheduler with an unknown key", 2, "bakcup-storage-directory", "scheduler", "--config", files.resolve("unknown-key.yaml").toString()));
        rows.add(row("scheduler with a port that is no number", 2, "notaport", "scheduler", "--config", files.resolve("not-a-port.yaml").toString()));
        rows.add(row("scheduler with a busy port", 4, Integer.toString(busyPort.getLocalPort()), "scheduler", "--config",
                files.resolve("busy-port.yaml").toString()));
        rows.add(row("scheduler YAML that does not parse", 2, "not-yaml.yaml", "scheduler", "--config", files.resolve("not-yaml.yaml").toString()));
        rows.add(row("scheduler with a missing password file", 2, "absent", "scheduler", "--config", files.resolve("no-password-file.yaml").toString()));
        rows.add(row("scheduler prune without a rule", 2, "prune", "scheduler", "--config", files.resolve("prune-without-rule.yaml").toString()));
        rows.add(row("scheduler with an invalid duration", 2, "5 minutes", "scheduler", "--config", files.resolve("bad-duration.yaml").toString()));
        rows.add(row("scheduler without its config", 2, "absent.yaml", "scheduler", "--config", files.resolve("absent.yaml").toString()));
        // the job repository
        rows.add(row("jobs show of an unknown run", 4, "999999", "jobs", "show", "999999"));
        rows.add(row("jobs restart of an unknown run", 4, "999999", "jobs", "restart", "999999"));
        rows.add(row("jobs abandon of an unknown run", 4, "999999", "jobs", "abandon", "999999"));
        rows.add(row("jobs list with a negative limit", 2, "-1", "jobs", "list", "--limit", "-1"));
        rows.add(row("jobs restart of a completed run", 4, "already completed", "jobs", "restart", "1"));
        rows.add(row("jobs abandon of a completed run", 4, "completed", "jobs", "abandon", "1"));
        rows.add(row("jobs show of a non-numeric id", 2, "abc", "jobs", "show", "abc"));
        return rows;
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsOneLineWithItsExitCodeAndChangesNothing() {
        List<Row> rows = rows();
        assertTrue(rows.size() >= 45, "at least 45 bad inputs: " + rows.size());
        return rows.stream().map(row -> DynamicTest.dynamicTest(row.name(), () -> {
            Map<String, String> before = world();
            Cli.Result r = cli.run(row.args());
            String line = "'" + String.join(" ", row.args()) + "' -> " + r;
            assertEquals(row.exitCode(), r.exitCode(), line);
            List<String> err = r.err().lines().filter(l -> !l.startsWith("warning:")).toList();
            assertEquals(1, err.size(), "one line: " + line);
            assertTrue(err.get(0).startsWith("error: "), line);
            assertTrue(err.get(0).contains(row.message()), "names '" + row.message() + "': " + line);
            assertFalse(r.err().contains("report it") || r.err().contains("report a bug") || r.err().contains("\tat "), line);
            Map<String, String> after = world();
            if (row.records() != null) {
                String recorded = storage.resolve("b").resolve(row.records()).toString();
                assertTrue(after.get(recorded) != null, "the manifest is still there: " + line);
                before.remove(recorded);
                after.remove(recorded);
            }
            assertEquals(before, after, "nothing changed: " + line);
        }));
    }

    @Test
    void helpOfASubcommandIsThatSubcommandsHelp() {
        Cli.Result r = cli.run("help", "jobs", "list");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Usage: metasnap jobs list"), r.out());
    }

    @Test
    void rewritingTheManifestKeepsFieldsThisBuildDoesNotKnow() throws Exception {
        Path manifest = copyLocation(storage.resolve("b/backup"), "extra").resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replaceFirst("\\{", "{\n  \"written_by\" : \"a newer metasnap\",")
                .replace("\"id\" : 1,", "\"id\" : 1,\n    \"encryption\" : { \"key_id\" : \"k1\" },"));
        Cli.Result delete = cli.run(at("extra", "delete", "2"));
        assertEquals(0, delete.exitCode(), delete::toString);
        String after = Files.readString(manifest);
        assertFalse(after.contains("\"id\" : 2,"), after);
        assertTrue(after.contains("\"written_by\" : \"a newer metasnap\""), after);
        assertTrue(after.matches("(?s).*\"encryption\" : \\{\\s*\"key_id\" : \"k1\"\\s*}.*"), after);
    }

    /** Every object of the locations (with its content), and the revision of each etcd: a write moves it. */
    private Map<String, String> world() throws Exception {
        Map<String, String> world = new TreeMap<>();
        for (Path root : List.of(storage, s3.bucketDirectory("bad-input-backup"))) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    world.put(p.toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                }
            }
        }
        world.put("source etcd", revision(source));
        world.put("empty etcd", revision(empty));
        return world;
    }

    private static String revision(EtcdProcess etcd) {
        String json = etcd.etcdctl("get", "", "--prefix", "--keys-only", "--limit", "1", "-w", "json");
        return json.replaceAll("(?s).*\"revision\":(\\d+).*", "$1").strip();
    }
}
