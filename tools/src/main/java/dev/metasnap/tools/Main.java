package dev.metasnap.tools;

import dev.metasnap.cli.CliEnvironment;

/** Entry point of the tools jar. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        dev.metasnap.cli.Main.quietRuntime();
        System.exit(ToolsCommand.commandLine(CliEnvironment.system()).execute(args));
    }
}
