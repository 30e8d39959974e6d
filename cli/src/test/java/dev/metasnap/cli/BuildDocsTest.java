package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The man pages and completion scripts the build writes into target/ (BuildDocs in process-classes,
 * see cli/pom.xml): a page that is missing, stale, or says something else than --help fails here.
 */
class BuildDocsTest {

    /** Passed by surefire (cli/pom.xml); the fallback is the module's target/ for a run from an IDE. */
    private static final Path BUILT = Path.of(System.getProperty("metasnap.build.directory", "target"));
    private static final String VERSION = System.getProperty("metasnap.version");

    @TempDir
    Path temp;

    private Cli cli() {
        return new Cli(temp.resolve("home"));
    }

    @Test
    void theBuildWroteAPageForEveryVisibleCommandAndNoOther() throws IOException {
        Set<String> expected = visibleCommandPaths().stream().map(BuildDocsTest::pageName).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(expected.contains("metasnap.1") && expected.contains("metasnap-jobs-list.1") && expected.size() > 25, expected.toString());
        assertEquals(expected, fileNames(built(BuildDocs.MAN)));
    }

    @Test
    void everyBuiltPageIsWhatCompletionManWritesAndTheCommandsHelp() throws IOException {
        assertNotNull(VERSION, "metasnap.version is not set; surefire passes it (cli/pom.xml), so run the test through mvn");
        Path man = built(BuildDocs.MAN);
        Path now = Files.createDirectories(temp.resolve("man1"));
        Cli.Result written = cli().run("completion", "man", now.toString());
        assertEquals(0, written.exitCode(), written::toString);
        for (List<String> path : visibleCommandPaths()) {
            String page = pageName(path);
            List<String> built = Files.readAllLines(man.resolve(page));
            List<String> expected = Files.readAllLines(now.resolve(page));
            String title = page.substring(0, page.length() - ".1".length()).toUpperCase(Locale.ROOT);
            assertEquals(".TH " + title + " 1 \"\" \"metasnap " + VERSION + "\" \"metasnap manual\"", built.get(0), page);
            // the first line differs by design: tests run without the jar's manifest, so without its version
            assertSameLines(expected.subList(1, expected.size()), built.subList(1, built.size()), 2, page + " is not what 'metasnap completion man' writes");

            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Cli.Result help = cli().run(args.toArray(String[]::new));
            assertEquals(0, help.exitCode(), help::toString);
            assertSameLines(help.out().lines().toList(), synopsis(built), 1, page + "'s synopsis is not what 'metasnap " + String.join(" ", args) + "' prints");
        }
    }

    @Test
    void theBuiltCompletionScriptsAreWhatCompletionPrints() throws IOException {
        Path completion = built(BuildDocs.COMPLETION);
        assertEquals(Set.of(BuildDocs.BASH, BuildDocs.ZSH), fileNames(completion));
        assertEquals(cli().run("completion", "bash").out(), Files.readString(completion.resolve(BuildDocs.BASH)));
        assertEquals(cli().run("completion", "zsh").out(), Files.readString(completion.resolve(BuildDocs.ZSH)));
    }

    /** As the build runs it: a fresh JVM, where picocli's warnings about a description reach stderr. */
    @Test
    void generatingWarnsNothingLeavesHomeAloneAndRepeatsTheBuild() throws Exception {
        assertNotNull(VERSION, "metasnap.version is not set; surefire passes it (cli/pom.xml), so run the test through mvn");
        Path output = temp.resolve("target");
        Path trap = temp.resolve("not-to-be-created");
        Path out = temp.resolve("stdout");
        Path err = temp.resolve("stderr");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + trap.resolve("user.home"), "-cp", System.getProperty("java.class.path"),
                BuildDocs.class.getName(), output.toString(), VERSION)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("METASNAP_HOME", trap.resolve("METASNAP_HOME").toString());
        builder.environment().put("HOME", trap.resolve("HOME").toString());
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("BuildDocs did not finish within 120 s; it printed: " + read(out) + read(err));
        }
        assertEquals(0, process.exitValue(), () -> read(out) + read(err));
        assertEquals("", read(err), "BuildDocs wrote to stderr; picocli warns there about a description it cannot format (a lone % must be %%)");
        assertFalse(Files.exists(trap), "BuildDocs created a home it was pointed at (METASNAP_HOME, HOME or user.home, all under " + trap + ")");
        assertEquals(Set.of("man", "completion"), fileNames(output));
        assertEquals(Set.of("man1"), fileNames(output.resolve("man")));
        for (Path directory : List.of(BuildDocs.MAN, BuildDocs.COMPLETION)) {
            Path built = built(directory);
            assertEquals(fileNames(built), fileNames(output.resolve(directory)), directory.toString());
            for (String file : fileNames(built)) {
                assertEquals(-1, Files.mismatch(built.resolve(file), output.resolve(directory).resolve(file)),
                        built.resolve(file) + " is not what BuildDocs writes from these classes; the build did not run it");
            }
        }
    }

    private static Path built(Path directory) {
        Path path = BUILT.resolve(directory);
        assertTrue(Files.isDirectory(path), path + " does not exist; the build writes it in process-classes (BuildDocs, exec-maven-plugin in cli/pom.xml): "
                + "run mvn -o -pl cli -am process-classes");
        return path;
    }

    /** Every command a page is written for, as the words after 'metasnap'; the root is the empty path. */
    private static List<List<String>> visibleCommandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(MetasnapCommand.commandLine(CliEnvironment.system()), new ArrayList<>(), paths);
        return paths;
    }

    private static void walk(CommandLine command, List<String> path, List<List<String>> paths) {
        if (command.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        paths.add(path);
        command.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                List<String> next = new ArrayList<>(path);
                next.add(name);
                walk(sub, next, paths);
            }
        });
    }

    private static String pageName(List<String> path) {
        return "metasnap" + path.stream().map(word -> "-" + word).collect(Collectors.joining()) + ".1";
    }

    /** The page's --help text: the lines between .nf and .fi, with ManPages' troff escapes undone. */
    private static List<String> synopsis(List<String> page) {
        return page.subList(page.indexOf(".nf") + 1, page.indexOf(".fi")).stream()
                .map(line -> (line.startsWith("\\&") ? line.substring(2) : line).replace("\\e", "\\"))
                .toList();
    }

    /** Names the first line that differs: a whole page in a failure message hides it. */
    private static void assertSameLines(List<String> expected, List<String> actual, int firstLineNumber, String message) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String want = i < expected.size() ? expected.get(i) : "(end)";
            String got = i < actual.size() ? actual.get(i) : "(end)";
            if (!want.equals(got)) {
                fail(message + "; line " + (firstLineNumber + i) + " is '" + got + "', expected '" + want + "'");
            }
        }
    }

    private static Set<String> fileNames(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
