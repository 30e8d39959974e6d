package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module rules the README's "Architecture" section states, checked on the sources: arrows point
 * one way, the domain knows no batch framework, and the batch glue has no package cycle.
 */
class ArchitectureTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED_USE = Pattern.compile("\\bdev\\.metasnap\\.(\\w+)\\.");

    @Test
    void commandsAndTheSchedulerNeverReachIntoSteps() {
        assertEquals(List.of(), offenders(List.of("cli", "scheduler"), "dev.metasnap.steps"));
    }

    @Test
    void theDomainKnowsNoBatchFrameworkCommandLineOrScheduler() {
        assertEquals(List.of(), offenders(List.of("core", "config"),
                "org.springframework.batch", "picocli", "org.quartz", "dev.metasnap.steps", "dev.metasnap.jobs"));
    }

    @Test
    void stepsPackagesFormNoCycle() {
        Map<String, Set<String>> uses = new TreeMap<>();
        List<Path> files = sources("steps");
        assertTrue(!files.isEmpty(), "no sources under steps/src/main/java");
        for (Path file : files) {
            String pkg = packageOf(file);
            for (String imported : imports(file)) {
                if (imported.startsWith("dev.metasnap.steps.") && !imported.equals(pkg)) {
                    uses.computeIfAbsent(pkg, k -> new TreeSet<>()).add(imported);
                }
            }
        }
        for (String start : uses.keySet()) {
            List<String> cycle = cycleFrom(start, start, uses, new ArrayList<>(List.of(start)), new TreeSet<>());
            assertEquals(List.of(), cycle, "package cycle in steps");
        }
    }

    private static List<String> cycleFrom(String start, String at, Map<String, Set<String>> uses, List<String> path, Set<String> seen) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> cycle = new ArrayList<>(path);
                cycle.add(start);
                return cycle;
            }
            if (seen.add(next)) {
                path.add(next);
                List<String> found = cycleFrom(start, next, uses, path, seen);
                if (!found.isEmpty()) {
                    return found;
                }
                path.remove(path.size() - 1);
            }
        }
        return List.of();
    }

    /** Main source files of the modules that import (or name fully qualified) any of the forbidden prefixes, with the prefix. */
    private static List<String> offenders(List<String> modules, String... forbidden) {
        List<String> found = new ArrayList<>();
        for (String module : modules) {
            List<Path> files = sources(module);
            assertTrue(!files.isEmpty(), "no sources under " + module + "/src/main/java: is the test run from a module directory?");
            for (Path file : files) {
                String text = read(file);
                for (String prefix : forbidden) {
                    boolean imported = imports(file).stream().anyMatch(i -> i.equals(prefix) || i.startsWith(prefix + "."));
                    Matcher qualified = QUALIFIED_USE.matcher(text);
                    boolean named = false;
                    while (qualified.find()) {
                        named |= ("dev.metasnap." + qualified.group(1)).equals(prefix);
                    }
                    if (imported || named) {
                        found.add(ROOT.relativize(file) + " uses " + prefix);
                    }
                }
            }
        }
        return found;
    }

    private static List<Path> sources(String module) {
        Path dir = ROOT.resolve(module).resolve("src/main/java");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> imports(Path file) {
        List<String> packages = new ArrayList<>();
        Matcher m = IMPORT.matcher(read(file));
        while (m.find()) {
            packages.add(m.group(1));
        }
        return packages;
    }

    private static String packageOf(Path file) {
        Matcher m = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(read(file));
        return m.find() ? m.group(1) : "";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
