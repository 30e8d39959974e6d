package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.jobs.JobRepositoryLockHolders;
import dev.metasnap.jobs.JobRepositoryRestartableSnapshots;
import dev.metasnap.jobs.MetasnapContext;
import dev.metasnap.core.manifest.LockHolders;
import dev.metasnap.core.retention.RestartableSnapshots;
import org.springframework.batch.core.repository.JobRepository;
import dev.metasnap.jobs.MetasnapRuntime;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.connect.RuntimeSecrets;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.params.SystemParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** One command's connections, secrets and (when a job runs) Spring context. */
final class CliSession implements AutoCloseable {

    private final RuntimeSecrets secrets = new RuntimeSecrets();
    private final Connections connections;
    private final Path home;
    private final String jobRepositoryUrl;
    private final BackupSettings backupSettings;
    private final RestoreSettings restoreSettings;
    private ProgressSink progress = ProgressSink.none();
    private AnnotationConfigApplicationContext context;
    private HomeLock homeLock;

    CliSession(CliEnvironment environment, Path home, String jobRepositoryUrl, BackupSettings backupSettings, RestoreSettings restoreSettings) {
        this.connections = new Connections(environment.etcdGateways(), environment.objectStores(), secrets);
        this.home = home;
        this.jobRepositoryUrl = jobRepositoryUrl;
        this.backupSettings = backupSettings;
        this.restoreSettings = restoreSettings;
    }

    String jobRepositoryUrl() {
        return jobRepositoryUrl;
    }

    Connections connections() {
        return connections;
    }

    void progress(ProgressSink sink) {
        this.progress = sink;
    }

    /** Jobs connect with the redacted settings of their parameters; the password they need is kept in {@link RuntimeSecrets}, in memory only. */
    EtcdGateway etcd(EtcdSettings settings) {
        secrets.etcdPassword(settings);
        return connections.etcd(settings);
    }

    /** The backup location: from the command line if given, else from the cluster's system params. */
    BackupLocation location(Optional<BackupLocation> given, EtcdSettings etcdSettings) {
        // a location given explicitly skips etcd here, but the job still reads etcd with this password
        secrets.etcdPassword(etcdSettings);
        if (given.isPresent()) {
            secrets.storageUrl(given.get().url());
            return given.get();
        }
        try (EtcdGateway etcd = etcd(etcdSettings)) {
            BackupLocation location = new SystemParams(etcd, etcdSettings.rootPrefix()).backupLocation();
            secrets.storageUrl(location.url());
            return location;
        }
    }

    /** Opens the backup storage and fails early, before any job, on a missing bucket or refused credentials. */
    BackupStorage openChecked(BackupLocation location) {
        BackupStorage storage = connections.backupStorage(location);
        storage.store().checkAccess();
        return storage;
    }

    /** For a command that runs jobs: takes the home for this command alone (see {@link HomeLock}); only an H2 home needs it. */
    void claimHome(String command) {
        requireWritableHome();
        if (homeLock == null && jobRepositoryUrl.startsWith("jdbc:h2:")) {
            homeLock = HomeLock.claim(home, command);
        }
    }

    /** Who may be taken for gone when they hold a location's lock: judged by this process's job repository. */
    LockHolders lockHolders() {
        return new JobRepositoryLockHolders(context().getBean(JobRepository.class), MetasnapRuntime.repositoryId(jobRepositoryUrl));
    }

    RestartableSnapshots restartableSnapshots() {
        return new JobRepositoryRestartableSnapshots(context().getBean(JobRepository.class));
    }

    AnnotationConfigApplicationContext context() {
        if (context == null) {
            requireWritableHome();
            // through this session's current sink: a command may set it after something else built the context
            ProgressSink current = new ProgressSink() {
                @Override
                public void report(String stage, long items, long bytes) {
                    progress.report(stage, items, bytes);
                }

                @Override
                public void report(String stage, long items, long total, long bytes) {
                    progress.report(stage, items, total, bytes);
                }

                @Override
                public void begin(String stage, long items, long total, long bytes) {
                    progress.begin(stage, items, total, bytes);
                }
            };
            MetasnapRuntime runtime = new MetasnapRuntime(connections, jobRepositoryUrl, home.resolve("work"), backupSettings, restoreSettings, current);
            context = MetasnapContext.create(runtime);
        }
        return context;
    }

    /** The job repository and work files live in the home: refuse at once, before H2 or a job fails on it part-way. */
    private void requireWritableHome() {
        try {
            Files.createDirectories(home);
        } catch (IOException | RuntimeException e) {
            throw new PreconditionException("home " + home + " cannot be created (" + e.getClass().getSimpleName() + "); give --home (or $METASNAP_HOME)"
                    + " a directory this user can write");
        }
        if (!Files.isDirectory(home) || !Files.isWritable(home)) {
            throw new PreconditionException("home " + home + " is not a writable directory; give --home (or $METASNAP_HOME) a directory this user can write");
        }
    }

    @Override
    public void close() {
        try {
            if (context != null) {
                context.close();
            }
        } finally {
            try {
                connections.close();
            } finally {
                if (homeLock != null) {
                    homeLock.close();
                }
            }
        }
    }
}
