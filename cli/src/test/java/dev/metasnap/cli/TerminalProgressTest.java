package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A backup run under a pseudo-terminal (util-linux 'script') shows a progress line rewritten in place; a pipe gets none of it. */
@ExtendWith(RealServers.class)
class TerminalProgressTest {

    @TempDir
    Path home;

    @TempDir
    Path storage;

    @Test
    void aBackupOnATerminalShowsItsProgressLine(EtcdProcess etcd) throws Exception {
        Files.createDirectories(storage.resolve("b"));
        new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint()).generateCluster("hummock+fs://" + storage.resolve("state"), 20000,
                "fs://" + storage.resolve("b"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -cp " + System.getProperty("java.class.path") + " dev.metasnap.cli.Main --home " + home + " backup";
        ProcessBuilder underTerminal = new ProcessBuilder("/usr/bin/script", "-qfec", command, "/dev/null").redirectErrorStream(true);
        underTerminal.environment().put("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        Process process = underTerminal.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        String text = new String(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), text);
        assertTrue(text.matches("(?s).*\rexport: [\\d,]+ keys, [\\d.]+ (B|KiB|MiB), [\\d,]+ keys/s, [\\d.]+ (B|KiB|MiB)/s .*"), text);
        assertTrue(text.contains("backup job succeeded: snapshot 1"), text);

        String verify = java + " -cp " + System.getProperty("java.class.path") + " dev.metasnap.cli.Main --home " + home + " verify --all";
        ProcessBuilder verifying = new ProcessBuilder("/usr/bin/script", "-qfec", verify, "/dev/null").redirectErrorStream(true);
        verifying.environment().put("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        Process verifyProcess = verifying.start();
        verifyProcess.getOutputStream().close();
        String verifyText = new String(verifyProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verifyProcess.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, verifyProcess.exitValue(), verifyText);
        assertTrue(verifyText.matches("(?s).*\rverify: 1 of 1 snapshots, .*"), "verify shows how many of how many: " + verifyText);

        ProcessBuilder piped = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.metasnap.cli.Main",
                "--home", home.toString(), "backup").redirectErrorStream(true);
        piped.environment().put("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        Process plain = piped.start();
        String plainText = new String(plain.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(plain.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, plain.exitValue(), plainText);
        assertFalse(plainText.contains("\r"), "no in-place line when output is not a terminal: " + plainText);
    }
}
