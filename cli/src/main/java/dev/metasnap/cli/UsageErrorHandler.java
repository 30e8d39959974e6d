package dev.metasnap.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** A usage error is one line ending in a pointer to --help, and exit code 2. */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println("error: " + ExitCodeMapper.message(ex) + "; run '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }
}
