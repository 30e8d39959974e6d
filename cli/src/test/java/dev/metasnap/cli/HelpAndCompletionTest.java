package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** --help on every command, 'help' to any depth, usage errors that name a working command, completion and man pages. */
class HelpAndCompletionTest {

    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(home).env("METASNAP_ETCD_ENDPOINTS", "http://127.0.0.1:1");
    }

    /** Every command path below the root, e.g. [jobs, list], found by walking the tree. */
    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(MetasnapCommand.commandLine(CliEnvironment.system()), new ArrayList<>(), paths);
        return paths;
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> paths) {
        for (var sub : new LinkedHashSet<>(command.getSubcommands().entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue().getCommandName())).toList())) {
            List<String> next = new ArrayList<>(path);
            next.add(sub.getKey());
            paths.add(next);
            walk(sub.getValue(), next, paths);
        }
    }

    @Test
    void theRootsListOfCommandsAgreesWithEachCommandsAnnotation() {
        for (MetasnapCommand.Subcommand sub : MetasnapCommand.SUBCOMMANDS) {
            CommandLine.Command annotation = sub.type().getAnnotation(CommandLine.Command.class);
            assertEquals(annotation.name(), sub.name(), sub.type().getName());
            assertEquals(List.of(annotation.description()), List.of(sub.description()), sub.name());
            assertFalse(annotation.hidden(), sub.name() + " is an operator's command: the stand-ins are never hidden");
        }
        Cli.Result help = cli().run("--help");
        for (MetasnapCommand.Subcommand sub : MetasnapCommand.SUBCOMMANDS) {
            assertTrue(help.out().contains("\n  " + sub.name() + " "), sub.name() + " is listed: " + help.out());
        }
        assertEquals(help.out(), cli().run("help").out(), "'help' (every command built) and '--help' (stand-ins) print the same list");
    }

    @Test
    void everyCommandAndSubcommandAnswersHelpAndDashH() {
        List<List<String>> paths = commandPaths();
        assertTrue(paths.size() > 25, "the walk found the tree: " + paths);
        assertTrue(paths.contains(List.of("jobs", "list")) && paths.contains(List.of("completion", "man")), paths.toString());
        for (List<String> path : paths) {
            for (String flag : new String[] {"--help", "-h"}) {
                List<String> args = new ArrayList<>(path);
                args.add(flag);
                Cli.Result r = cli().run(args.toArray(String[]::new));
                String usage = "Usage: metasnap " + String.join(" ", path);
                assertEquals(0, r.exitCode(), args + ": " + r);
                assertTrue(r.out().startsWith(usage + " ") || r.out().startsWith(usage + "\n"), args + ": " + r);
                assertEquals("", r.err(), args + ": " + r);
            }
        }
    }

    @Test
    void helpListsCommandsInTheOrderAnOperatorMeetsThem() {
        Cli.Result r = cli().run("help");
        assertEquals(0, r.exitCode(), r::toString);
        List<String> listed = r.out().lines().filter(l -> l.matches("  [a-z][a-z-]*\\s.*|  [a-z][a-z-]*"))
                .map(l -> l.strip().split("\\s+")[0]).collect(Collectors.toList());
        assertEquals(List.of("help", "params", "backup", "list", "show", "diff", "verify", "restore", "epoch", "status",
                "delete", "prune", "pinned-ssts", "jobs", "lock", "scheduler", "completion"), listed, r.out());
        assertFalse(r.out().contains("demo") || r.out().contains("bench"), "demo cluster and benchmarks are the tools jar's: " + r.out());
        assertEquals(r.out(), cli().run("--help").out());
        assertEquals(r.out(), cli().run("--help", "backup").out(), "help asked of the root lists every command");
        assertEquals(r.out(), cli().run("-h", "status", "--json").out());
    }

    @Test
    void theToolsCommandsAreUnknownHere() {
        for (String tool : new String[] {"demo-cluster", "bench-raw-read", "bench-plain-load", "bench-plain-copy"}) {
            Cli.Result r = cli().run(tool, "--state-store", "hummock+fs:///tmp/x");
            assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r::toString);
            assertTrue(r.err().startsWith("error: no command '" + tool + "'"), r.err());
            assertTrue(r.err().endsWith("; run 'metasnap --help' for usage\n") && r.err().lines().count() == 1, r.err());
            assertEquals("", r.out());
        }
        Cli.Result help = cli().run("help", "demo-cluster");
        assertEquals(ExitCodes.BAD_INPUT, help.exitCode(), help::toString);
        assertEquals("error: 'metasnap' has no subcommand 'demo-cluster'; run 'metasnap --help' for usage\n", help.err());
    }

    @Test
    void helpNamesTheSubcommandItWasAskedAbout() {
        Cli.Result r = cli().run("help", "jobs", "list");
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().startsWith("Usage: metasnap jobs list "), r.out());
        assertTrue(r.out().contains("--limit"), r.out());
        assertEquals(cli().run("jobs", "list", "--help").out(), r.out());

        Cli.Result unknown = cli().run("help", "jobs", "lisst");
        assertEquals(ExitCodes.BAD_INPUT, unknown.exitCode(), unknown::toString);
        assertEquals("error: 'metasnap jobs' has no subcommand 'lisst'; run 'metasnap jobs --help' for usage\n", unknown.err());

        // a command that does not exist is built with every other one as a stand-in, which the error names
        Cli.Result typo = cli().run("lst", "--json");
        assertEquals(ExitCodes.BAD_INPUT, typo.exitCode(), typo::toString);
        assertEquals("error: no command 'lst' (did you mean list?); run 'metasnap --help' for usage\n", typo.err());
    }

    @Test
    void aUsageErrorIsOneLineAndAHintThatWorks() {
        Cli.Result r = cli().run("backup", "--no-such-option");
        assertEquals(ExitCodes.BAD_INPUT, r.exitCode(), r::toString);
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: Unknown option: '--no-such-option'"), r.err());
        assertTrue(lines.get(0).endsWith("; run 'metasnap backup --help' for usage"), r.err());
        assertEquals(0, cli().run("backup", "--help").exitCode(), "the hint's command works");

        Cli.Result nested = cli().run("lock", "show", "--bogus");
        assertEquals(ExitCodes.BAD_INPUT, nested.exitCode(), nested::toString);
        assertTrue(nested.err().endsWith("run 'metasnap lock show --help' for usage\n"), nested.err());
    }

    @Test
    void verboseAddsTheStackTraceToTheErrorLine() {
        Cli.Result plain = cli().run("epoch", "--offline");
        assertEquals(ExitCodes.BAD_INPUT, plain.exitCode(), plain::toString);
        assertEquals("error: give an EPOCH or --at TIMESTAMP (one of them)\n", plain.err());
        for (String[] args : new String[][] {{"-v", "epoch", "--offline"}, {"epoch", "--offline", "--verbose"}}) {
            Cli.Result verbose = cli().run(args);
            assertEquals(ExitCodes.BAD_INPUT, verbose.exitCode(), verbose::toString);
            assertTrue(verbose.err().startsWith(plain.err() + "dev.metasnap.config.InvalidSettingException: "), verbose.err());
            assertTrue(verbose.err().contains("\tat dev.metasnap.cli.EpochCommand.call("), verbose.err());
        }
    }

    @Test
    void completionScriptsKnowEveryCommand() {
        Cli.Result bash = cli().run("completion", "bash");
        assertEquals(0, bash.exitCode(), bash::toString);
        assertTrue(bash.out().contains("complete -F _complete_metasnap"), bash.out());
        for (String word : new String[] {"backup", "restore", "status", "jobs", "--backup-storage-url", "--max-age"}) {
            assertTrue(bash.out().contains(word), word);
        }
        Cli.Result zsh = cli().run("completion", "zsh");
        assertEquals(0, zsh.exitCode(), zsh::toString);
        assertTrue(zsh.out().startsWith("autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n"), zsh.out());
        assertTrue(zsh.out().endsWith(bash.out()));
    }

    @Test
    void manPagesAreWrittenForEveryCommand() throws Exception {
        Path man = Files.createDirectories(home.resolve("man1"));
        Cli.Result r = cli().run("completion", "man", man.toString());
        assertEquals(0, r.exitCode(), r::toString);
        String jobsList = Files.readString(man.resolve("metasnap-jobs-list.1"));
        assertTrue(jobsList.startsWith(".TH METASNAP-JOBS-LIST 1 "), jobsList);
        assertTrue(jobsList.contains(".SH NAME\nmetasnap-jobs-list \\- List recent job executions"), jobsList);
        assertTrue(jobsList.contains("Usage: metasnap jobs list"), jobsList);
        assertTrue(Files.exists(man.resolve("metasnap.1")) && Files.exists(man.resolve("metasnap-status.1")));
        long pages;
        try (var files = Files.list(man)) {
            pages = files.count();
        }
        assertEquals(1 + commandPaths().size(), pages);
        assertTrue(r.out().startsWith("wrote " + pages + " man pages to " + man), r.out());

        Cli.Result missing = cli().run("completion", "man", home.resolve("nope").toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.exitCode(), missing::toString);
        assertEquals("error: man page directory " + home.resolve("nope") + " does not exist; create it first (mkdir -p " + home.resolve("nope") + ")\n",
                missing.err());
    }
}
