package dev.metasnap.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code metasnap help [COMMAND [SUBCOMMAND...]]}: the help of the command the words name, to
 * any depth ({@code help jobs list} is the help of {@code jobs list}, not of {@code jobs}).
 */
@Command(name = NestedHelpCommand.NAME, helpCommand = true,
        description = NestedHelpCommand.DESCRIPTION)
final class NestedHelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

    static final String NAME = "help";
    static final String DESCRIPTION = "Print the help of a command: 'metasnap help jobs list'. Without a command, list them all.";

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command (and subcommands) to describe")
    List<String> words = List.of();

    private CommandLine self;
    private PrintWriter out;
    private CommandLine.Help.ColorScheme colors;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colors = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String word : words) {
            CommandLine next = target.getSubcommands().get(word);
            if (next == null) {
                throw new CommandLine.ParameterException(target, "'" + target.getCommandSpec().qualifiedName() + "' has no subcommand '" + word + "'");
            }
            target = next;
        }
        target.usage(out, colors);
        out.flush();
    }
}
