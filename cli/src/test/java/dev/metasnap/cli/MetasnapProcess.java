package dev.metasnap.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts metasnap as a separate JVM with this test's class path, so a test can kill it as an operator's kill -9 would. */
final class MetasnapProcess {

    private MetasnapProcess() {
    }

    static Process start(Path home, Path log, Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.metasnap.cli.Main",
                "--home", home.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return builder.start();
    }
}
