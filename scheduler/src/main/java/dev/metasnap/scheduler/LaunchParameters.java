package dev.metasnap.scheduler;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.SchedulerSettings.ClusterSchedule;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.params.SystemParams;
import dev.metasnap.core.verify.CopiedSstCheck;
import dev.metasnap.core.verify.VerifySelection;
import dev.metasnap.jobs.BackupJobConfiguration;
import dev.metasnap.jobs.JobRuns;
import dev.metasnap.jobs.PruneJobConfiguration;
import dev.metasnap.jobs.VerifyJobConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;

/**
 * A scheduled run's job parameters, and the secrets its job needs handed to this process (they
 * are never parameters): the etcd password from its file or variable, the backup storage URL.
 */
final class LaunchParameters {

    private final Connections connections;
    private final UnaryOperator<String> env;

    LaunchParameters(Connections connections, UnaryOperator<String> env) {
        this.connections = connections;
        this.env = env;
    }

    /** The scheduled fire time stands in for the launch time, so it identifies the run: a duplicate firing finds its job instance. */
    JobParameters of(ClusterSchedule cluster, ScheduledKind kind, Instant fireTime) {
        EtcdSettings etcd = etcdSettings(cluster);
        BackupLocation location = location(cluster, etcd);
        JobParameters base = switch (kind) {
            case BACKUP -> BackupJobConfiguration.parameters(etcd, location, "scheduled " + fireTime, cluster.copySsts());
            case PRUNE -> PruneJobConfiguration.parameters(location, cluster.prune().policy());
            // a cluster whose backups copy SSTs has its copies checked too (presence and size)
            case VERIFY -> VerifyJobConfiguration.parameters(location, VerifySelection.ALL, null,
                    cluster.copySsts().isEmpty() ? CopiedSstCheck.none() : CopiedSstCheck.presence());
        };
        return new JobParametersBuilder(base)
                .addString(BackupJobConfiguration.REQUESTED_AT, fireTime.toString())
                .addString(JobRuns.CLUSTER, cluster.name())
                .toJobParameters();
    }

    private EtcdSettings etcdSettings(ClusterSchedule cluster) {
        char[] password = null;
        if (cluster.etcdUsername() != null) {
            password = password(cluster).toCharArray();
            connections.secrets().etcdPassword(cluster.etcdUsername(), password);
        }
        return new EtcdSettings(EtcdSettings.parseEndpoints(cluster.etcdEndpoints()), cluster.etcdUsername(), password, cluster.rootPrefix(), null);
    }

    private String password(ClusterSchedule cluster) {
        if (cluster.etcdPasswordFile() != null) {
            try {
                return Files.readAllLines(Path.of(cluster.etcdPasswordFile())).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw new InvalidSettingException("cluster " + cluster.name() + ": cannot read etcd-password-file " + cluster.etcdPasswordFile());
            }
        }
        if (cluster.etcdPasswordEnv() != null && env.apply(cluster.etcdPasswordEnv()) != null) {
            return env.apply(cluster.etcdPasswordEnv());
        }
        throw new InvalidSettingException("cluster " + cluster.name() + ": etcd user " + cluster.etcdUsername()
                + " needs etcd-password-file or etcd-password-env");
    }

    /** The backup location: from the environment variable the config names, else from the cluster's params. */
    private BackupLocation location(ClusterSchedule cluster, EtcdSettings etcd) {
        if (cluster.backupStorageUrlEnv() != null) {
            String url = env.apply(cluster.backupStorageUrlEnv());
            if (url == null || cluster.backupStorageDirectory() == null) {
                throw new InvalidSettingException("cluster " + cluster.name() + ": $" + cluster.backupStorageUrlEnv()
                        + " and backup-storage-directory must both be set");
            }
            BackupLocation location = BackupLocation.parse(url, cluster.backupStorageDirectory());
            connections.secrets().storageUrl(location.url());
            return location;
        }
        try (EtcdGateway gateway = connections.etcd(etcd)) {
            BackupLocation location = new SystemParams(gateway, etcd.rootPrefix()).backupLocation();
            connections.secrets().storageUrl(location.url());
            return location;
        }
    }
}
