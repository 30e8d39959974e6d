package dev.metasnap.cli;

import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The root command. */
@Command(name = "metasnap",
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = MetasnapCommand.Version.class,
        description = "Backup, retention and restore of a streaming database's meta store (etcd + hummock manifests).",
        footer = {"", "Run 'metasnap help COMMAND [SUBCOMMAND]' or 'metasnap COMMAND --help' for a command's options."})
public final class MetasnapCommand {

    /** The subcommands, in the order an operator meets them: set up, back up, look, check, restore, then operate. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            BenchPlainLoadCommand.class,
            BenchPlainCopyCommand.class);

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
        return commandLine(root, SUBCOMMANDS.stream().map(MetasnapCommand::name).toList());
    }

    /**
     * The command line for {@code args}: only the subcommand they name is built from its
     * annotations (picocli reflects over every option of every command it builds, which is most of
     * a quick command's start-up); the others are stand-ins with their name and description, enough
     * for the root's help and for suggestions. {@code help} builds them all.
     */
    public static CommandLine commandLine(CliEnvironment environment, String[] args) {
        String named = firstCommand(args);
        List<String> built = named == null ? List.of() : "help".equals(named) ? SUBCOMMANDS.stream().map(MetasnapCommand::name).toList() : List.of(named);
        return commandLine(new MetasnapCommand(environment), built);
    }

    private static CommandLine commandLine(MetasnapCommand root, List<String> built) {
        CommandLine commandLine = new CommandLine(root);
        for (Class<?> type : SUBCOMMANDS) {
            String name = name(type);
            if (built.contains(name)) {
                commandLine.addSubcommand(name, type);
            } else {
                commandLine.addSubcommand(name, CommandSpec.create().name(name)
                        .usageMessage(new CommandLine.Model.UsageMessageSpec().description(type.getAnnotation(Command.class).description())));
            }
        }
        return commandLine
                .setExecutionExceptionHandler(new OneLineErrorHandler())
                .setExitCodeExceptionMapper(new ExitCodeMapper())
                .setParameterExceptionHandler(new UsageErrorHandler());
    }

    private static String name(Class<?> type) {
        return type.getAnnotation(Command.class).name();
    }

    /** The first word that is not an option of the root or its value. */
    static String firstCommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--home") || a.equals("--job-repository-url")) {
                i++;
            } else if (!a.startsWith("-")) {
                return a;
            }
        }
        return null;
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
