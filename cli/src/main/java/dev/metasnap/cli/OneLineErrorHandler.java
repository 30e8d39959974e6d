package dev.metasnap.cli;

import picocli.CommandLine;

/** Prints one line per error (the stack trace only with -v) and returns the mapped exit code. */
public final class OneLineErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        int code = ExitCodeMapper.exitCode(ex);
        commandLine.getErr().println("error: " + ExitCodeMapper.message(ex));
        boolean verbose = verbose(commandLine);
        if (code == ExitCodes.INTERNAL || verbose) {
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(an unexpected error: run again with -v for the stack trace and report it)");
            }
        }
        commandLine.getErr().flush();
        return code;
    }

    private static boolean verbose(CommandLine commandLine) {
        CommandLine root = commandLine;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        // by the option's name: the root is metasnap's or the tools jar's, and both have it
        CommandLine.Model.OptionSpec verbose = root.getCommandSpec().findOption("--verbose");
        return verbose != null && Boolean.TRUE.equals(verbose.getValue());
    }
}
