package dev.metasnap.tools;

import dev.metasnap.cli.CliEnvironment;
import dev.metasnap.cli.ExitCodeMapper;
import dev.metasnap.cli.OneLineErrorHandler;
import dev.metasnap.cli.UsageErrorHandler;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.connect.RuntimeSecrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The root of the tools jar: what demos, tests and benchmarks need besides the operator's
 * commands (which are metasnap's). The commands parse, print and fail as metasnap's do: same
 * options, same error lines and exit codes.
 */
@Command(name = ToolsCommand.NAME,
        mixinStandardHelpOptions = true,
        scope = CommandLine.ScopeType.INHERIT,
        versionProvider = ToolsCommand.Version.class,
        description = "Generate demo clusters and run benchmark baselines for metasnap; backups are metasnap's own commands.",
        subcommands = {CommandLine.HelpCommand.class, DemoClusterCommand.class, BenchRawReadCommand.class, BenchPlainLoadCommand.class,
            BenchPlainCopyCommand.class})
public final class ToolsCommand {

    static final String NAME = "metasnap-tools";

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT, description = "show stack traces")
    boolean verbose;

    private final CliEnvironment environment;

    public ToolsCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    CliEnvironment environment() {
        return environment;
    }

    /** A command's etcd and object stores; the caller closes them. No job runs here, so no secret needs keeping for one. */
    Connections connections() {
        return new Connections(environment.etcdGateways(), environment.objectStores(), new RuntimeSecrets());
    }

    public static CommandLine commandLine(CliEnvironment environment) {
        return new CommandLine(new ToolsCommand(environment))
                .setExecutionExceptionHandler(new OneLineErrorHandler())
                .setExitCodeExceptionMapper(new ExitCodeMapper())
                .setParameterExceptionHandler(new UsageErrorHandler());
    }

    /** Reads the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ToolsCommand.class.getPackage().getImplementationVersion();
            return new String[] {NAME + " " + (version == null ? "development build" : version)};
        }
    }
}
