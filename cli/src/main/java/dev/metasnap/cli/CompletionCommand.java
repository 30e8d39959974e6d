package dev.metasnap.cli;

import dev.metasnap.config.InvalidSettingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code metasnap completion bash|zsh|man DIR}: shell completion and man pages, generated from the command tree. */
@Command(name = CompletionCommand.NAME, description = CompletionCommand.DESCRIPTION,
        subcommands = {CompletionCommand.Bash.class, CompletionCommand.Zsh.class, CompletionCommand.Man.class})
final class CompletionCommand {

    static final String NAME = "completion";
    static final String DESCRIPTION = "Print a shell completion script (bash, zsh) or write man pages.";

    static String bashScript(CommandLine root) {
        return AutoComplete.bash("metasnap", root);
    }

    /** zsh has no completion of its own here: bashcompinit runs the bash script. */
    static String zshScript(CommandLine root) {
        return "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + bashScript(root);
    }

    @Command(name = "bash", description = "Print the bash completion script: source <(metasnap completion bash)")
    static final class Bash implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(bashScript(spec.root().commandLine()));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "zsh", description = "Print the zsh completion script (bash completion through bashcompinit): source <(metasnap completion zsh)")
    static final class Zsh implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(zshScript(spec.root().commandLine()));
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "man", description = "Write one man page per command (metasnap.1, metasnap-jobs-list.1, ...) into DIR.")
    static final class Man implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", description = "an existing directory, e.g. /usr/local/share/man/man1")
        Path directory;

        @Override
        public Integer call() {
            if (!Files.isDirectory(directory)) {
                throw new InvalidSettingException("man page directory " + directory + " does not exist; create it first (mkdir -p " + directory + ")");
            }
            try {
                int pages = ManPages.write(spec.root().commandLine(), directory, String.join(" ", spec.root().version()));
                spec.commandLine().getOut().println("wrote " + pages + " man pages to " + directory + "; read them with 'man -M "
                        + (directory.getParent() == null ? directory : directory.getParent()) + " metasnap'");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write man pages to " + directory + ": " + e.getMessage(), e);
            }
            return ExitCodes.OK;
        }
    }
}
