package dev.metasnap.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * Writes the man pages and completion scripts at build time (the cli module's process-classes
 * phase), so every build carries them without anyone running the jar: {@code OUTPUT_DIR/man/man1/*.1},
 * {@code OUTPUT_DIR/completion/metasnap.bash} and {@code metasnap.zsh}. They come from the same
 * command tree and code as {@code metasnap completion}, so they cannot say something else.
 */
public final class BuildDocs {

    /** man1 inside, so that OUTPUT_DIR/man serves as it is: man -M OUTPUT_DIR/man metasnap. */
    static final Path MAN = Path.of("man", "man1");
    static final Path COMPLETION = Path.of("completion");
    static final String BASH = "metasnap.bash";
    static final String ZSH = "metasnap.zsh";

    private BuildDocs() {
    }

    /** Arguments: OUTPUT_DIR VERSION, which the build passes as ${project.build.directory} ${project.version}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2 || args[0].isBlank() || args[1].isBlank()) {
            System.err.println("error: BuildDocs takes OUTPUT_DIR VERSION, got " + Arrays.toString(args)
                    + "; check the exec-maven-plugin arguments in cli/pom.xml");
            System.exit(ExitCodes.BAD_INPUT);
        }
        Path output = Path.of(args[0]);
        int pages = write(output, args[1]);
        System.out.println("wrote " + pages + " man pages to " + output.resolve(MAN) + " and bash and zsh completion to " + output.resolve(COMPLETION));
    }

    /** Returns how many man pages were written. */
    static int write(Path output, String version) throws IOException {
        CommandLine root = MetasnapCommand.commandLine(detached(output));
        Path man = emptied(Files.createDirectories(output.resolve(MAN)));
        int pages = ManPages.write(root, man, MetasnapCommand.Version.line(version));
        Path completion = Files.createDirectories(output.resolve(COMPLETION));
        Files.writeString(completion.resolve(BASH), CompletionCommand.bashScript(root));
        Files.writeString(completion.resolve(ZSH), CompletionCommand.zshScript(root));
        return pages;
    }

    /**
     * Nothing of the builder's machine: no METASNAP_* variables (so no METASNAP_HOME), a home inside
     * the output that nothing creates, and no etcd or object store, which rendering help never needs.
     */
    private static CliEnvironment detached(Path output) {
        return new CliEnvironment(
                settings -> {
                    throw new IllegalStateException("BuildDocs renders help only and must not reach etcd (asked for " + settings.endpoints() + ")");
                },
                url -> {
                    throw new IllegalStateException("BuildDocs renders help only and must not open object storage (asked for " + url + ")");
                },
                name -> null,
                output.resolve("unused-home"));
    }

    /** A command removed since the last build must not keep its page; only *.1 files are ours to delete. */
    private static Path emptied(Path directory) throws IOException {
        List<Path> stale;
        try (var files = Files.list(directory)) {
            stale = files.filter(f -> f.getFileName().toString().endsWith(".1")).toList();
        }
        for (Path page : stale) {
            Files.delete(page);
        }
        return directory;
    }
}
