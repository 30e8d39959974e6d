package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup, verify and prune runs under a pseudo-terminal (util-linux 'script') show a progress
 * line rewritten in place; a pipe gets none of it.
 */
@ExtendWith(RealServers.class)
class TerminalProgressTest {

    @TempDir
    Path home;

    @TempDir
    Path storage;

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The command's output as a terminal shows it, standard error and output interleaved; it must succeed. */
    private String underTerminal(EtcdProcess etcd, String args) throws Exception {
        String command = java() + " -cp " + System.getProperty("java.class.path") + " dev.metasnap.cli.Main --home " + home + " " + args;
        return run(etcd, new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null"));
    }

    /** The command's output through a pipe; it must succeed. */
    private String piped(EtcdProcess etcd, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), "dev.metasnap.cli.Main",
                "--home", home.toString()));
        command.addAll(List.of(args));
        return run(etcd, new ProcessBuilder(command));
    }

    private static String run(EtcdProcess etcd, ProcessBuilder builder) throws Exception {
        builder.redirectErrorStream(true).environment().put("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        Process process = builder.start();
        process.getOutputStream().close();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), text);
        return text;
    }

    @Test
    void longRunsOnATerminalShowTheirProgressLine(EtcdProcess etcd) throws Exception {
        Files.createDirectories(storage.resolve("b"));
        new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint()).generateCluster("hummock+fs://" + storage.resolve("state"), 20000,
                "fs://" + storage.resolve("b"));
        String text = underTerminal(etcd, "backup");
        assertTrue(text.matches("(?s).*\rexport: [\\d,]+ keys, [\\d.]+ (B|KiB|MiB), [\\d,]+ keys/s, [\\d.]+ (B|KiB|MiB)/s .*"), text);
        assertTrue(text.contains("backup job succeeded: snapshot 1"), text);

        String verifyText = underTerminal(etcd, "verify --all");
        assertTrue(verifyText.matches("(?s).*\rverify: 1 of 1 snapshots, .*"), "verify shows how many of how many: " + verifyText);

        String plainText = piped(etcd, "backup");
        assertFalse(plainText.contains("\r"), "no in-place line when output is not a terminal: " + plainText);

        // at a terminal, but standard error (where progress goes) sent to a file
        Path errors = storage.resolve("backup.err");
        String redirected = underTerminal(etcd, "backup 2>" + errors);
        assertTrue(redirected.contains("backup job succeeded: snapshot 3"), redirected);
        assertFalse(redirected.contains("export: "), "no progress on the terminal's output: " + redirected);
        assertFalse(Files.readString(errors).contains("\r"), "no in-place line in a file: " + Files.readString(errors));

        // the backup verified its upload, so snapshot 3 is both the newest and the newest verified: prune deletes 1 and 2
        String pruneText = underTerminal(etcd, "prune --keep-last 1");
        assertTrue(pruneText.matches("(?s).*\rdeleting snapshots: 0 of 2 snapshots, 0 B .*"), "the stage and its total at once: " + pruneText);
        assertTrue(pruneText.matches("(?s).*\rdeleting snapshots: 2 of 2 snapshots, [\\d.]+ (KiB|MiB), [\\d,]+ snapshots/s, [\\d.]+ (B|KiB|MiB)/s .*"),
                "and its end, with the bytes freed: " + pruneText);
        assertTrue(pruneText.contains("prune job succeeded: deleted snapshot(s) [1,2]"), pruneText);
    }
}
