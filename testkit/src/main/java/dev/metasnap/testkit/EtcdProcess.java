package dev.metasnap.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real etcd server (the Debian {@code etcd-server} package) on free loopback ports with its
 * own data directory. Never uses 2379 or a system etcd.
 */
public final class EtcdProcess implements AutoCloseable {

    private volatile Process process;
    /** Set once the server was used in a way a wipe cannot undo: stopped, bounced, or its users and roles changed. */
    private volatile boolean tainted;
    private final int clientPort;
    private final Path dataDir;
    private final List<String> command;

    private EtcdProcess(Process process, int clientPort, Path dataDir, List<String> command) {
        this.process = process;
        this.clientPort = clientPort;
        this.dataDir = dataDir;
        this.command = command;
    }

    public static EtcdProcess start(String... extraFlags) {
        // a port found free can be taken by another process before etcd binds it (tests of
        // other modules run beside this JVM): try again on new ports
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(extraFlags);
            } catch (IllegalStateException e) {
                if (attempt >= PORT_ATTEMPTS || !e.getMessage().contains("exited")) {
                    throw e;
                }
            }
        }
    }

    private static final int PORT_ATTEMPTS = 5;

    private static EtcdProcess startOnce(String... extraFlags) {
        try {
            Path dir = Files.createTempDirectory("metasnap-etcd-");
            int client = FreePorts.next();
            int peer = FreePorts.next();
            int metrics = FreePorts.next();
            String peerUrl = "http://127.0.0.1:" + peer;
            List<String> command = new ArrayList<>(List.of(binary(), "--name", "n1", "--data-dir", dir.resolve("data").toString(),
                    "--listen-client-urls", "http://127.0.0.1:" + client,
                    "--advertise-client-urls", "http://127.0.0.1:" + client,
                    "--listen-peer-urls", peerUrl,
                    "--initial-advertise-peer-urls", peerUrl,
                    "--initial-cluster", "n1=" + peerUrl,
                    "--listen-metrics-urls", "http://127.0.0.1:" + metrics,
                    "--logger=zap", "--log-level=error"));
            command.addAll(List.of(extraFlags));
            return new EtcdProcess(launch(command, client, dir), client, dir, List.copyOf(command));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start etcd: " + e.getMessage()
                    + "; install it with scripts/install-deps.sh (Debian package etcd-server)", e);
        }
    }

    private static Process launch(List<String> command, int client, Path dir) throws IOException {
        Path log = dir.resolve("etcd.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        FreePorts.awaitAccepting(client, p, "etcd", log);
        return p;
    }

    /** Stops the server, keeps it down for {@code downMillis}, and starts it again on the same data and ports. */
    public void bounce(long downMillis) {
        stop();
        tainted = true;
        try {
            Thread.sleep(downMillis);
            process = launch(command, clientPort, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start etcd again: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String binary() {
        for (String candidate : List.of("/usr/bin/etcd", "/usr/local/bin/etcd")) {
            if (new File(candidate).canExecute()) {
                return candidate;
            }
        }
        return "etcd";
    }

    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    public int port() {
        return clientPort;
    }

    /** Runs etcdctl against this server and returns its standard output. */
    public String etcdctl(String... args) {
        if (args.length > 0 && List.of("auth", "user", "role").contains(args[0])) {
            tainted = true;
        }
        List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints", endpoint()));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("etcdctl " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@link #wipe()} makes this server as good as a new one (see {@link EtcdPool}). */
    public boolean reusable() {
        return !tainted && process.isAlive();
    }

    /** Deletes every key, so the next test starts from an empty keyspace (revisions keep counting). */
    void wipe() {
        etcdctl("del", "", "--from-key");
    }

    public void stop() {
        tainted = true;
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        TempDirs.delete(dataDir);
    }
}
