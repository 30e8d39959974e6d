package dev.metasnap.scheduler;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.SchedulerSettings;
import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.quartz.CronExpression;

/**
 * What the daemon checks at start-up, beyond what the YAML file says by itself, so that it
 * refuses to start (one line per problem) instead of failing when a schedule fires.
 */
public final class SchedulerPreflight {

    /** One problem; {@code usage} is a mistake in the file, otherwise the machine refuses (a port in use). */
    public record Problem(String message, boolean usage) {
    }

    private SchedulerPreflight() {
    }

    public static List<Problem> problems(SchedulerSettings settings, Function<String, String> env) {
        List<Problem> problems = new ArrayList<>();
        for (ClusterSchedule cluster : settings.clusters()) {
            String where = "cluster " + cluster.name() + ": ";
            cron(problems, where + "backup", cluster.backup());
            cron(problems, where + "prune", cluster.prune() == null ? null : cluster.prune().cron());
            cron(problems, where + "verify", cluster.verify() == null ? null : cluster.verify().cron());
            if (cluster.prune() != null && cluster.prune().cron() == null) {
                problems.add(new Problem(where + "prune has no cron; give prune.cron", true));
            }
            if (cluster.verify() != null && cluster.verify().cron() == null) {
                problems.add(new Problem(where + "verify has no cron; give verify.cron", true));
            }
            if (cluster.etcdPasswordFile() != null && !Files.isReadable(Path.of(cluster.etcdPasswordFile()))) {
                problems.add(new Problem(where + "etcd-password-file " + cluster.etcdPasswordFile() + " cannot be read by this user", true));
            }
            if (cluster.etcdPasswordEnv() != null && env.apply(cluster.etcdPasswordEnv()) == null) {
                problems.add(new Problem(where + "etcd-password-env names $" + cluster.etcdPasswordEnv() + ", which is not set", true));
            }
            if (cluster.etcdUsername() != null && cluster.etcdPasswordFile() == null && cluster.etcdPasswordEnv() == null) {
                problems.add(new Problem(where + "etcd-username " + cluster.etcdUsername() + " needs etcd-password-file or etcd-password-env", true));
            }
            if (cluster.backupStorageUrlEnv() != null && env.apply(cluster.backupStorageUrlEnv()) == null) {
                problems.add(new Problem(where + "backup-storage-url-env names $" + cluster.backupStorageUrlEnv() + ", which is not set", true));
            } else if (cluster.backupStorageUrlEnv() != null) {
                try {
                    BackupLocation.parse(env.apply(cluster.backupStorageUrlEnv()), cluster.backupStorageDirectory() == null ? "" : cluster.backupStorageDirectory());
                } catch (InvalidSettingException e) {
                    problems.add(new Problem(where + "$" + cluster.backupStorageUrlEnv() + " with backup-storage-directory: " + e.getMessage(), true));
                }
            }
        }
        String listen = settings.metrics().listen();
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            int port = Integer.parseInt(listen.substring(colon + 1));
            if (port > 65535) {
                problems.add(new Problem("metrics listen port " + port + " is above 65535", true));
            } else if (port != 0) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress(listen.substring(0, colon), port));
                } catch (IOException e) {
                    problems.add(new Problem("metrics listen address " + listen + " is not available (" + e.getMessage()
                            + "); stop what uses it or choose another port", false));
                }
            }
        }
        return problems;
    }

    private static void cron(List<Problem> problems, String what, String cron) {
        if (cron != null && !CronExpression.isValidExpression(cron)) {
            problems.add(new Problem(what + " cron '" + cron + "' is not a Quartz cron expression (seconds minutes hours day-of-month month"
                    + " day-of-week, e.g. \"0 30 2 * * ?\")", true));
        }
    }
}
