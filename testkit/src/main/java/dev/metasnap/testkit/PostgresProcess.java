package dev.metasnap.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server (Debian's postgresql package) in its own data directory on a free
 * loopback port, trusting local connections. PostgreSQL refuses to run as root, so as root it
 * runs as the postgres user.
 */
public final class PostgresProcess implements AutoCloseable {

    private final Path dataDir;
    private final Path bin;
    private final int port;

    private PostgresProcess(Path dataDir, Path bin, int port) {
        this.dataDir = dataDir;
        this.bin = bin;
        this.port = port;
    }

    public static PostgresProcess start() {
        Path bin = binDirectory();
        try {
            Path dir = Files.createTempDirectory("metasnap-pg-");
            Path data = dir.resolve("data");
            int port = FreePorts.next();
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
            asPostgres(bin.resolve("initdb"), "-D", data.toString(), "-A", "trust", "-U", "metasnap", "--no-sync");
            asPostgres(bin.resolve("pg_ctl"), "-D", data.toString(), "-w", "-l", dir.resolve("pg.log").toString(),
                    "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c fsync=off", "start");
            return new PostgresProcess(data, bin, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static Path binDirectory() {
        File[] versions = new File("/usr/lib/postgresql").listFiles();
        if (versions == null || versions.length == 0) {
            throw new IllegalStateException("PostgreSQL is not installed; run scripts/install-deps.sh (Debian package postgresql)");
        }
        Arrays.sort(versions);
        return versions[versions.length - 1].toPath().resolve("bin");
    }

    private static void asPostgres(Path program, String... args) {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", program.toString()));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=metasnap";
    }

    @Override
    public void close() {
        try {
            asPostgres(bin.resolve("pg_ctl"), "-D", dataDir.toString(), "-m", "immediate", "stop");
        } finally {
            TempDirs.delete(dataDir.getParent());
        }
    }
}
