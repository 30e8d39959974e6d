package dev.metasnap.tools;

import dev.metasnap.cli.EtcdOptions;
import dev.metasnap.cli.ExitCodes;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyPager;
import dev.metasnap.core.etcd.MetaEntry;
import java.util.List;
import dev.metasnap.core.etcd.KeyRange;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The baseline of the export benchmark: a bare paged read of every key at one revision (paged as the export pages), doing nothing with them. */
@Command(name = BenchRawReadCommand.NAME, description = BenchRawReadCommand.DESCRIPTION)
final class BenchRawReadCommand implements Callable<Integer> {

    static final String NAME = "bench-raw-read";
    static final String DESCRIPTION = "Read every key at one revision in pages and print the rate (benchmark baseline).";

    @ParentCommand
    ToolsCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EtcdOptions etcd;

    @Option(names = "--page-keys", defaultValue = "5000", description = "keys in the first page (every page with --fixed-pages)")
    int pageKeys;

    @Option(names = "--fixed-pages", description = "keep every page at --page-keys instead of sizing pages as the export does")
    boolean fixedPages;

    @Override
    public Integer call() {
        EtcdSettings settings = etcd.settings(root.environment(), spec.commandLine().getErr());
        try (Connections connections = root.connections(); EtcdGateway gateway = connections.etcd(settings)) {
            long revision = gateway.currentRevision();
            long started = System.nanoTime();
            long keys = 0;
            long bytes = 0;
            long pageBytes = fixedPages ? Long.MAX_VALUE : KeyPager.DEFAULT_PAGE_BYTES;
            int maxKeys = fixedPages ? pageKeys : KeyPager.MAX_PAGE_KEYS;
            try (KeyPager pager = new KeyPager(gateway, KeyRange.prefix(settings.rootPrefix()), revision, pageKeys, pageBytes, maxKeys, false)) {
                for (List<MetaEntry> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                    keys += page.size();
                    for (MetaEntry e : page) {
                        bytes += e.key().length + e.value().length;
                    }
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "raw read: %d keys, %d bytes in %.3f s = %.0f keys/s", keys, bytes, seconds, keys / seconds));
        }
        return ExitCodes.OK;
    }
}
