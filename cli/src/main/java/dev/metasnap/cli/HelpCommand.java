package dev.metasnap.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code metasnap help [COMMAND [SUBCOMMAND...]]}: the help of the command named by the whole path, not only its first word. */
@Command(name = "help", helpCommand = true, description = "Show the help of a command, e.g. 'metasnap help jobs list'.")
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command (and subcommands) to show the help of")
    String[] commands = new String[0];

    private CommandLine self;
    private PrintWriter out;
    private CommandLine.Help.ColorScheme colorScheme;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colorScheme = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : commands) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(self, "unknown command '" + String.join(" ", commands) + "'; run '"
                        + target.getCommandSpec().qualifiedName() + " --help' for its commands");
            }
            target = sub;
        }
        target.usage(out, colorScheme);
    }
}
