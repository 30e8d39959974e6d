package dev.metasnap.cli;

import dev.metasnap.core.format.Json;
import dev.metasnap.core.manifest.BackupManifest;
import java.io.PrintWriter;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap pinned-ssts}: the SSTs the cluster's garbage collector must keep. */
@Command(name = PinnedSstsCommand.NAME, description = PinnedSstsCommand.DESCRIPTION)
final class PinnedSstsCommand implements Callable<Integer> {

    static final String NAME = "pinned-ssts";
    static final String DESCRIPTION = "Print the SST object ids pinned by any snapshot (the union of ssts over the manifest).";

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    LocationOptions locationOptions;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    /** 'pinned-ssts --json': the manifest's snapshot ids and the SSTs any of them pins, ascending. */
    record Document(List<Long> snapshots, SortedSet<Long> pinnedSsts) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (CliSession session = root.session()) {
            BackupManifest manifest = locationOptions.readManifest(session, root.environment(), spec.commandLine().getErr());
            if (json) {
                out.println(Json.writeString(new Document(manifest.ids(), manifest.pinnedSsts())));
            } else {
                manifest.pinnedSsts().forEach(out::println);
            }
        }
        return ExitCodes.OK;
    }
}
