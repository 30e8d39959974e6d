package dev.metasnap.cli;

import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    /**
     * A subcommand as the root lists it. Name and description are the constants its
     * {@code @Command} annotation uses, so the root's help is made without reading any annotation
     * (a test checks the two agree).
     */
    record Subcommand(String name, String description, Class<?> type) {
    }

    /** The subcommands, in the order an operator meets them: set up, back up, look, check, restore, then operate. */
    static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand(NestedHelpCommand.NAME, NestedHelpCommand.DESCRIPTION, NestedHelpCommand.class),
            new Subcommand(ParamsCommand.NAME, ParamsCommand.DESCRIPTION, ParamsCommand.class),
            new Subcommand(BackupCommand.NAME, BackupCommand.DESCRIPTION, BackupCommand.class),
            new Subcommand(ListCommand.NAME, ListCommand.DESCRIPTION, ListCommand.class),
            new Subcommand(ShowCommand.NAME, ShowCommand.DESCRIPTION, ShowCommand.class),
            new Subcommand(DiffCommand.NAME, DiffCommand.DESCRIPTION, DiffCommand.class),
            new Subcommand(VerifyCommand.NAME, VerifyCommand.DESCRIPTION, VerifyCommand.class),
            new Subcommand(RestoreCommand.NAME, RestoreCommand.DESCRIPTION, RestoreCommand.class),
            new Subcommand(EpochCommand.NAME, EpochCommand.DESCRIPTION, EpochCommand.class),
            new Subcommand(StatusCommand.NAME, StatusCommand.DESCRIPTION, StatusCommand.class),
            new Subcommand(DeleteCommand.NAME, DeleteCommand.DESCRIPTION, DeleteCommand.class),
            new Subcommand(PruneCommand.NAME, PruneCommand.DESCRIPTION, PruneCommand.class),
            new Subcommand(PinnedSstsCommand.NAME, PinnedSstsCommand.DESCRIPTION, PinnedSstsCommand.class),
            new Subcommand(JobsCommand.NAME, JobsCommand.DESCRIPTION, JobsCommand.class),
            new Subcommand(LockCommand.NAME, LockCommand.DESCRIPTION, LockCommand.class),
            new Subcommand(SchedulerCommand.NAME, SchedulerCommand.DESCRIPTION, SchedulerCommand.class),
            new Subcommand(CompletionCommand.NAME, CompletionCommand.DESCRIPTION, CompletionCommand.class));

    /** Commands that describe every other one (help, completion scripts, man pages) need the whole tree built. */
    private static final Set<String> WHOLE_TREE = Set.of(NestedHelpCommand.NAME, CompletionCommand.NAME);

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

    /** The whole tree, every command built from its annotations. */
    static CommandLine commandLine(MetasnapCommand root) {
        CommandLine commandLine = new CommandLine(root);
        for (Subcommand sub : SUBCOMMANDS) {
            commandLine.addSubcommand(sub.name(), sub.type());
        }
        return handlers(commandLine);
    }

    /**
     * The command line for {@code args}: only the subcommand they name is built from its
     * annotations (picocli reflects over every option of every command it builds, which is most of
     * a quick command's start-up), and no other. Without a known command (the root's help, a typo
     * to suggest a command for) the others are stand-ins with their name and description.
     * {@code help} and {@code completion} build them all.
     */
    public static CommandLine commandLine(CliEnvironment environment, String[] args) {
        return commandLine(new MetasnapCommand(environment), args);
    }

    static CommandLine commandLine(MetasnapCommand root, String[] args) {
        String named = firstCommand(args);
        if (named != null && WHOLE_TREE.contains(named)) {
            return commandLine(root);
        }
        CommandLine commandLine = new CommandLine(root);
        // 'metasnap --help backup' asks about the root, which lists every command
        Optional<Subcommand> known = rootOptionsAsk(args) ? Optional.empty() : SUBCOMMANDS.stream().filter(sub -> sub.name().equals(named)).findFirst();
        if (known.isPresent()) {
            commandLine.addSubcommand(named, known.get().type());
        } else {
            for (Subcommand sub : SUBCOMMANDS) {
                CommandLine.Model.UsageMessageSpec usage = new CommandLine.Model.UsageMessageSpec().description(sub.description());
                commandLine.addSubcommand(sub.name(), CommandSpec.create().name(sub.name()).usageMessage(usage));
            }
        }
        return handlers(commandLine);
    }

    private static CommandLine handlers(CommandLine commandLine) {
        return commandLine
                .setExecutionExceptionHandler(new OneLineErrorHandler())
                .setExitCodeExceptionMapper(new ExitCodeMapper())
                .setParameterExceptionHandler(new UsageErrorHandler());
    }

    /** Whether help or version is asked of the root itself: one of their options comes before any command. */
    static boolean rootOptionsAsk(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--home") || a.equals("--job-repository-url")) {
                i++;
            } else if (Set.of("-h", "--help", "-V", "--version").contains(a)) {
                return true;
            } else if (!a.startsWith("-")) {
                return false;
            }
        }
        return false;
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
            return new String[] {line(MetasnapCommand.class.getPackage().getImplementationVersion())};
        }

        /** The version line of a build of {@code version}; null outside the jar, which has no manifest. */
        static String line(String version) {
            return "metasnap " + (version == null ? "development build" : version);
        }
    }
}
