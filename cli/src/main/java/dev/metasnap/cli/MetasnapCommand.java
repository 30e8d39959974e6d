package dev.metasnap.cli;

import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root command. */
@Command(name = "metasnap",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = MetasnapCommand.Version.class,
        description = "Backup, retention and restore of a streaming database's meta store (etcd + hummock manifests).",
        footer = {"", "Run 'metasnap help COMMAND [SUBCOMMAND]' or 'metasnap COMMAND --help' for a command's options."},
        // in the order an operator meets them: set up, back up, look, check, restore, then operate
        subcommands = {
            NestedHelpCommand.class,
            DemoClusterCommand.class,
            ParamsCommand.class,
            BackupCommand.class,
            ListCommand.class,
            ShowCommand.class,
            DiffCommand.class,
            VerifyCommand.class,
            RestoreCommand.class,
            EpochCommand.class,
            StatusCommand.class,
            DeleteCommand.class,
            PruneCommand.class,
            PinnedSstsCommand.class,
            JobsCommand.class,
            LockCommand.class,
            SchedulerCommand.class,
            CompletionCommand.class,
            BenchRawReadCommand.class,
            BenchPlainLoadCommand.class
        })
public final class MetasnapCommand {

    @Option(names = "--home", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "where the job repository and work files live (default: $METASNAP_HOME or ~/.metasnap)")
    Path home;

    @Option(names = "--job-repository-url", paramLabel = "JDBC_URL", scope = CommandLine.ScopeType.INHERIT,
            description = "job repository (default: $METASNAP_JOB_REPOSITORY_URL, else an H2 file under --home); jdbc:postgresql://host/db?user=U shares it between nodes")
    String jobRepositoryUrl;

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT, description = "show stack traces and more log")
    boolean verbose;

    private final CliEnvironment environment;
    private BackupSettings backupSettings = BackupSettings.defaults();
    private RestoreSettings restoreSettings = RestoreSettings.defaults();

    public MetasnapCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    /** For tests and benchmarks that need small parts or blocks. */
    MetasnapCommand backupSettings(BackupSettings settings) {
        this.backupSettings = settings;
        return this;
    }

    MetasnapCommand restoreSettings(RestoreSettings settings) {
        this.restoreSettings = settings;
        return this;
    }

    RestoreSettings restoreSettings() {
        return restoreSettings;
    }

    Path home() {
        if (home != null) {
            return home;
        }
        String fromEnv = environment.getenv("METASNAP_HOME");
        return fromEnv != null ? Path.of(fromEnv) : environment.defaultHome();
    }

    String jobRepositoryUrl() {
        if (jobRepositoryUrl != null) {
            return jobRepositoryUrl;
        }
        String fromEnv = environment.getenv("METASNAP_JOB_REPOSITORY_URL");
        return fromEnv != null ? fromEnv : dev.metasnap.jobs.MetasnapRuntime.h2Url(home());
    }

    CliSession session() {
        return session(restoreSettings);
    }

    CliSession session(RestoreSettings restore) {
        return new CliSession(environment, home(), jobRepositoryUrl(), backupSettings, restore);
    }

    public static CommandLine commandLine(CliEnvironment environment) {
        return commandLine(new MetasnapCommand(environment));
    }

    static CommandLine commandLine(MetasnapCommand root) {
        return new CommandLine(root)
                .setExecutionExceptionHandler(new OneLineErrorHandler())
                .setExitCodeExceptionMapper(new ExitCodeMapper())
                .setParameterExceptionHandler(new UsageErrorHandler());
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = MetasnapCommand.class.getPackage().getImplementationVersion();
            return new String[] {"metasnap " + (v == null ? "development build" : v)};
        }
    }
}
