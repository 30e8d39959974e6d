package dev.metasnap.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server (S3Proxy, filesystem backend) on a free loopback port, checking
 * AWS signatures. A bucket is a directory under its base directory.
 */
public final class S3ProxyProcess implements AutoCloseable {

    public static final String ACCESS_KEY = "metasnap-test";
    public static final String SECRET_KEY = "metasnap-test-secret";

    private final Process process;
    private final int port;
    private final Path baseDir;
    private final Path workDir;

    private S3ProxyProcess(Process process, int port, Path baseDir, Path workDir) {
        this.process = process;
        this.port = port;
        this.baseDir = baseDir;
        this.workDir = workDir;
    }

    public static S3ProxyProcess start() {
        String jar = System.getProperty("metasnap.s3proxy.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar not found at " + jar + "; run the tests through scripts/test.sh (Maven fetches it)");
        }
        try {
            Path work = Files.createTempDirectory("metasnap-s3proxy-");
            Path base = Files.createDirectories(work.resolve("buckets"));
            int port = FreePorts.next();
            Path properties = work.resolve("s3proxy.properties");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + base,
                    ""));
            Path log = work.resolve("s3proxy.log");
            Process p = new ProcessBuilder(List.of(javaBinary(), "-Xmx256m", "-jar", jar, "--properties", properties.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            FreePorts.awaitAccepting(port, p, "S3Proxy", log);
            return new S3ProxyProcess(p, port, base, work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start S3Proxy: " + e.getMessage(), e);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Creates a bucket (a directory of the filesystem backend) and returns its name. */
    public String createBucket(String name) {
        try {
            Files.createDirectories(baseDir.resolve(name));
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A minio:// URL with this server's credentials. */
    public String minioUrl(String bucket) {
        return "minio://" + ACCESS_KEY + ":" + SECRET_KEY + "@127.0.0.1:" + port + "/" + bucket;
    }

    public String s3Url(String bucket) {
        return "s3://" + bucket + "?endpoint=" + endpoint();
    }

    public Path bucketDirectory(String bucket) {
        return baseDir.resolve(bucket);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TempDirs.delete(workDir);
    }
}
