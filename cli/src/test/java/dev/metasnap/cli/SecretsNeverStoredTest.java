package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.jobs.MetasnapRuntime;
import dev.metasnap.testkit.EtcdProcess;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Runs a backup and a restore with etcd auth and S3 secrets, then searches the job repository and the output for them. */
@ExtendWith(RealServers.class)
class SecretsNeverStoredTest {

    private static final String ETCD_PASSWORD = "etcd-pw-9f3c1";

    @TempDir
    Path home;

    @Test
    void noSecretInJobParametersContextsTheDatabaseFileOrTheOutput(EtcdProcess etcd, S3ProxyProcess s3) throws Exception {
        s3.createBucket("sec-state");
        s3.createBucket("sec-backup");
        Cli cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        cli.generateCluster("hummock+" + s3.minioUrl("sec-state"), 500, s3.minioUrl("sec-backup"));
        etcd.etcdctl("user", "add", "root:" + ETCD_PASSWORD, "--interactive=false");
        etcd.etcdctl("user", "grant-role", "root", "root");
        etcd.etcdctl("auth", "enable");

        cli.env("METASNAP_ETCD_PASSWORD", ETCD_PASSWORD);
        Cli.Result backup = cli.run("backup", "--etcd-username", "root");
        assertEquals(0, backup.exitCode(), backup::toString);
        Cli.Result explicit = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint()).env("METASNAP_ETCD_PASSWORD", ETCD_PASSWORD)
                .env("METASNAP_BACKUP_STORAGE_URL", s3.minioUrl("sec-backup")).env("METASNAP_BACKUP_STORAGE_DIRECTORY", "backup")
                .run("backup", "--etcd-username", "root");
        assertEquals(0, explicit.exitCode(), "auth reaches the job when the location is given explicitly: " + explicit);
        Cli.Result values = cli.run("show", "1", "--keys", "--values", "--prefix", "cf/system_params/", "--etcd-username", "root");
        assertEquals(0, values.exitCode(), values::toString);
        assertTrue(values.out().contains("backup_storage_url = minio://" + S3ProxyProcess.ACCESS_KEY + ":***@"), values.out());
        assertNoSecret(values.out(), "show --keys --values");
        try (EtcdProcess target = EtcdProcess.start()) {
            Cli.Result restore = new Cli(home).env("METASNAP_BACKUP_STORAGE_URL", s3.minioUrl("sec-backup"))
                    .env("METASNAP_BACKUP_STORAGE_DIRECTORY", "backup")
                    .run("restore", "--meta-snapshot-id", "1", "--etcd-endpoints", target.endpoint(),
                            "--hummock-storage-url", "hummock+" + s3.minioUrl("sec-state"), "--hummock-storage-directory", "hummock_001",
                            "--overwrite-hummock-storage-endpoint", "--overwrite-backup-storage-url", s3.minioUrl("sec-backup"),
                            "--overwrite-backup-storage-directory", "restored");
            assertEquals(0, restore.exitCode(), restore::toString);
            assertNoSecret(restore.out() + restore.err(), "restore output");
        }
        assertNoSecret(backup.out() + backup.err(), "backup output");
        assertNoSecret(cli.run("jobs", "show", "1").out() + cli.run("jobs", "show", "2").out() + cli.run("jobs", "show", "3").out(), "jobs show");

        StringBuilder everything = new StringBuilder();
        try (Connection c = DriverManager.getConnection(MetasnapRuntime.h2Url(home), "sa", "");
             Statement st = c.createStatement()) {
            for (String table : List.of("BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION_CONTEXT", "BATCH_STEP_EXECUTION_CONTEXT",
                    "BATCH_JOB_EXECUTION", "BATCH_STEP_EXECUTION")) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            everything.append(rs.getString(i)).append('\n');
                        }
                    }
                }
            }
        }
        assertTrue(everything.toString().contains("minio://" + S3ProxyProcess.ACCESS_KEY + ":***@"), "the redacted URL is what is stored");
        assertNoSecret(everything.toString(), "job repository tables");
        byte[] file = Files.readAllBytes(home.resolve("jobs.mv.db"));
        assertNoSecret(new String(file, StandardCharsets.ISO_8859_1), "H2 database file");
        for (long id = 1; id <= 3; id++) {
            String log = Files.readString(dev.metasnap.jobs.JobLogFiles.file(home, id));
            assertTrue(log.contains("minio://" + S3ProxyProcess.ACCESS_KEY + ":***@"), "job " + id + "'s log names the redacted URL: " + log);
            assertNoSecret(log, "job log " + id);
        }
    }

    @Test
    void theSchedulerDaemonsLogAndMetricsHoldNoSecret(EtcdProcess etcd, S3ProxyProcess s3) throws Exception {
        s3.createBucket("sec-state3");
        s3.createBucket("sec-backup3");
        Cli cli = new Cli(home).env("METASNAP_ETCD_ENDPOINTS", etcd.endpoint());
        cli.generateCluster("hummock+" + s3.minioUrl("sec-state3"), 200, s3.minioUrl("sec-backup3"));
        etcd.etcdctl("user", "add", "root:" + ETCD_PASSWORD, "--interactive=false");
        etcd.etcdctl("user", "grant-role", "root", "root");
        etcd.etcdctl("auth", "enable");

        Path config = home.resolve("scheduler.yaml");
        Path textfile = home.resolve("metasnap.prom");
        Files.writeString(config, String.join("\n", "metrics:", "  textfile: " + textfile, "clusters:", "  - name: secure",
                "    etcd-endpoints: " + etcd.endpoint(), "    etcd-username: root", "    etcd-password-env: TEST_ETCD_PASSWORD",
                "    backup: \"*/2 * * * * ?\"", ""));
        Path log = home.resolve("daemon.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.metasnap.cli.Main",
                "--home", home.toString(), "-v", "scheduler", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TEST_ETCD_PASSWORD", ETCD_PASSWORD);
        Process daemon = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !(Files.exists(textfile) && Files.readString(textfile).contains("metasnap_runs_total{cluster=\"secure\",job=\"backup\"} 1"))) {
                Thread.sleep(200);
            }
        } finally {
            daemon.destroy();
            daemon.waitFor(60, TimeUnit.SECONDS);
        }
        String metrics = Files.readString(textfile);
        assertTrue(metrics.contains("metasnap_last_success_timestamp_seconds{cluster=\"secure\",job=\"backup\"}"), metrics + Files.readString(log));
        assertNoSecret(Files.readString(log), "daemon log");
        assertNoSecret(metrics, "metrics");
    }

    private static void assertNoSecret(String text, String where) {
        assertFalse(text.contains(ETCD_PASSWORD), "etcd password in " + where);
        assertFalse(text.contains(S3ProxyProcess.SECRET_KEY), "S3 secret key in " + where);
    }
}
