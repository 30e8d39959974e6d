package dev.metasnap.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Man pages (troff, section 1) from the command tree: NAME from each command's description,
 * the rest its --help text, so the pages and --help never drift apart.
 */
final class ManPages {

    private ManPages() {
    }

    /**
     * Writes a page for every visible command under (and including) {@code root}; returns how many.
     * {@code version} goes into each page's header, e.g. "metasnap 0.1.0".
     */
    static int write(CommandLine root, Path directory, String version) throws IOException {
        if (root.getCommandSpec().usageMessage().hidden()) {
            return 0;
        }
        Files.writeString(directory.resolve(pageName(root) + ".1"), page(root, version));
        int pages = 1;
        for (CommandLine sub : new java.util.LinkedHashSet<>(root.getSubcommands().values())) {
            pages += write(sub, directory, version);
        }
        return pages;
    }

    static String pageName(CommandLine command) {
        return command.getCommandSpec().qualifiedName("-");
    }

    static String page(CommandLine command, String version) {
        String name = pageName(command);
        String[] description = command.getCommandSpec().usageMessage().description();
        StringBuilder b = new StringBuilder();
        b.append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"\" \"")
                .append(escape(version)).append("\" \"metasnap manual\"\n");
        b.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(description.length == 0 ? name : description[0])).append('\n');
        b.append(".SH SYNOPSIS\n.nf\n");
        command.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().forEach(line -> b.append(escape(line)).append('\n'));
        b.append(".fi\n");
        if (command.getParent() != null) {
            b.append(".SH SEE ALSO\n").append(escape(pageName(command.getParent()))).append("(1)\n");
        }
        return b.toString();
    }

    /** A backslash is troff's escape; a line starting with '.' or '\'' would be a request. */
    private static String escape(String text) {
        String s = text.replace("\\", "\\e");
        return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
    }
}
