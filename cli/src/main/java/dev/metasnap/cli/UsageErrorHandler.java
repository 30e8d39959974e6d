package dev.metasnap.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/** A usage error is one line ending in a pointer to --help, and exit code 2. */
public final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("error: " + message(ex) + "; run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /** A word where a command belongs that names none is a mistyped command, and said so, with the nearest name. */
    private static String message(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !ex.getCommandLine().getSubcommands().isEmpty()) {
            List<String> words = unmatched.getUnmatched();
            if (!words.isEmpty() && !words.get(0).startsWith("-") && !ex.getCommandLine().getSubcommands().containsKey(words.get(0))) {
                List<String> near = unmatched.getSuggestions();
                return "no command '" + words.get(0) + "'" + (near.isEmpty() ? "" : " (did you mean " + near.get(0) + "?)");
            }
        }
        return ExitCodeMapper.message(ex);
    }
}
