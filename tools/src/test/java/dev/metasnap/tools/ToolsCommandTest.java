package dev.metasnap.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.metasnap.cli.CliEnvironment;
import dev.metasnap.cli.ExitCodes;
import dev.metasnap.cli.MetasnapCommand;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tools jar's commands, in-process as its main runs them, against a real etcd and fs:// storage. */
@ExtendWith(RealServers.class)
class ToolsCommandTest {

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    @TempDir
    Path temp;

    private CliEnvironment environment(String etcdEndpoint) {
        return new CliEnvironment(EtcdGateways.real(), ObjectStores.real(), Map.of("METASNAP_ETCD_ENDPOINTS", etcdEndpoint)::get, temp.resolve("home"));
    }

    private Result tools(String etcdEndpoint, String... args) {
        return execute(ToolsCommand.commandLine(environment(etcdEndpoint)), args);
    }

    private Result metasnap(String etcdEndpoint, String... args) {
        return execute(MetasnapCommand.commandLine(environment(etcdEndpoint), args), args);
    }

    private static Result execute(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static long keysIn(EtcdProcess etcd, String prefix) {
        try (EtcdGateway gateway = EtcdGateways.real().connect(EtcdSettings.of(etcd.endpoint()))) {
            return gateway.count(KeyRange.prefix(prefix));
        }
    }

    private static Matcher matching(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.matches(), "'" + text + "' does not match " + regex);
        return m;
    }

    @Test
    void helpListsTheToolsAndNoOperatorCommand() {
        Result help = tools("http://127.0.0.1:1", "--help");
        assertEquals(0, help.exitCode(), help::toString);
        assertTrue(help.out().startsWith("Usage: metasnap-tools "), help.out());
        List<String> listed = help.out().lines().filter(l -> l.matches("  [a-z][a-z-]*\\s.*")).map(l -> l.strip().split("\\s+")[0]).toList();
        assertEquals(List.of("help", "demo-cluster", "bench-raw-read", "bench-plain-load", "bench-plain-copy"), listed, help.out());
        assertEquals(tools("http://127.0.0.1:1", "demo-cluster", "--help").out(), tools("http://127.0.0.1:1", "help", "demo-cluster").out());

        assertEquals("metasnap-tools development build\n", tools("http://127.0.0.1:1", "--version").out());

        Result operators = tools("http://127.0.0.1:1", "backup");
        assertEquals(ExitCodes.BAD_INPUT, operators.exitCode(), operators::toString);
        assertTrue(operators.err().startsWith("error: no command 'backup'") && operators.err().endsWith("; run 'metasnap-tools --help' for usage\n"),
                operators.err());
    }

    @Test
    void demoClusterCreatesAClusterOnlyInAnEmptyEtcdAndAppendsEpochsToIt(EtcdProcess etcd) throws Exception {
        String state = "hummock+fs://" + temp.resolve("state");
        Result created = tools(etcd.endpoint(), "demo-cluster", "--state-store", state, "--tables", "3", "--keys", "200");
        assertEquals(0, created.exitCode(), created::toString);
        Matcher line = matching("created cluster: ([0-9,]+) keys in (.+), hummock version (\\d+) in (.+) \\(risingwave layout\\)\n", created.out());
        assertEquals(keysIn(etcd, ""), Long.parseLong(line.group(1).replace(",", "")), "the count is etcd's");
        assertTrue(line.group(2).contains(etcd.endpoint()), line.group(2));
        long version = Long.parseLong(line.group(3));

        Result again = tools(etcd.endpoint(), "demo-cluster", "--state-store", state);
        assertEquals(ExitCodes.PRECONDITION, again.exitCode(), again::toString);
        assertTrue(again.err().startsWith("error: ") && again.err().endsWith(" keys; demo-cluster only writes into an empty etcd"
                + " (or use --root-prefix, or --append to continue a generated cluster)\n") && again.err().lines().count() == 1, again.err());
        Result verbose = tools(etcd.endpoint(), "-v", "demo-cluster", "--state-store", state);
        assertEquals(ExitCodes.PRECONDITION, verbose.exitCode(), verbose::toString);
        assertTrue(verbose.err().startsWith(again.err()) && verbose.err().contains("dev.metasnap.cli.PreconditionException"), "-v adds the stack trace: " + verbose.err());

        Result appended = tools(etcd.endpoint(), "demo-cluster", "--state-store", state, "--append", "--epochs", "2");
        assertEquals(0, appended.exitCode(), appended::toString);
        Matcher more = matching("committed 2 more epochs; hummock version (\\d+) in .+\n", appended.out());
        assertTrue(Long.parseLong(more.group(1)) > version, appended.out());

        Result nothing = tools(etcd.endpoint(), "demo-cluster", "--state-store", state, "--root-prefix", "/elsewhere", "--append");
        assertEquals(ExitCodes.PRECONDITION, nothing.exitCode(), nothing::toString);
        assertTrue(nothing.err().endsWith(" holds no cluster to continue; run demo-cluster without --append first\n"), nothing.err());
    }

    @Test
    void theBaselinesReadLoadAndCopyWhatMetasnapBacksUp(EtcdProcess etcd) throws Exception {
        Path state = temp.resolve("state");
        Path backups = Files.createDirectories(temp.resolve("backups"));
        assertEquals(0, tools(etcd.endpoint(), "demo-cluster", "--state-store", "hummock+fs://" + state, "--tables", "3", "--keys", "300").exitCode());
        long keys = keysIn(etcd, "");

        Result read = tools(etcd.endpoint(), "bench-raw-read", "--page-keys", "50");
        assertEquals(0, read.exitCode(), read::toString);
        matching("raw read: " + keys + " keys, \\d+ bytes in \\d+\\.\\d{3} s = \\d+ keys/s\n", read.out());

        String[] location = {"--backup-storage-url", "fs://" + backups, "--backup-storage-directory", "bench"};
        Result backup = metasnap(etcd.endpoint(), concat(new String[] {"backup"}, location));
        assertEquals(0, backup.exitCode(), backup::toString);
        JsonNode snapshot = Json.readTree(Files.readAllBytes(backups.resolve("bench/manifest.json"))).get("snapshot_metadata").get(0);

        Result load = tools(etcd.endpoint(), concat(new String[] {"bench-plain-load", "--meta-snapshot-id", "1", "--etcd-max-txn-ops", "16"}, location));
        assertEquals(0, load.exitCode(), load::toString);
        matching("plain load: " + snapshot.get("key_count").asLong() + " keys in \\d+\\.\\d{3} s = \\d+ keys/s\n", load.out());

        List<Long> ssts = new ArrayList<>();
        snapshot.get("ssts").forEach(id -> ssts.add(id.asLong()));
        assertTrue(ssts.size() > 1, "a cluster with SSTs to copy: " + snapshot);
        Path ids = Files.writeString(temp.resolve("ids"), String.join("\n", ssts.stream().map(String::valueOf).toList()) + "\n");
        Path copies = Files.createDirectories(temp.resolve("copies"));
        Result copy = tools(etcd.endpoint(), "bench-plain-copy", "--from", "fs://" + state, "--from-directory", "hummock_001",
                "--to", "fs://" + copies, "--to-directory", "plain", "--ids", ids.toString(), "--concurrency", "2");
        assertEquals(0, copy.exitCode(), copy::toString);
        long bytes = 0;
        HummockLocation source = HummockLocation.parse("fs://" + state, "hummock_001");
        for (long id : ssts) {
            byte[] original = Files.readAllBytes(state.resolve(HummockLayouts.RISINGWAVE.sstPath(source, id)));
            assertArrayEquals(original, Files.readAllBytes(copies.resolve("plain/" + id + ".data")), "SST " + id);
            bytes += original.length;
        }
        matching("plain copy: " + ssts.size() + " objects, " + bytes + " bytes in \\d+\\.\\d{2} s = \\d+\\.\\d MiB/s\n", copy.out());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
