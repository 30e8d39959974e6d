package dev.metasnap.cli;

import dev.metasnap.config.EtcdSettings;
import dev.metasnap.steps.etcd.EtcdGateway;
import dev.metasnap.steps.etcd.KeyPage;
import dev.metasnap.steps.etcd.KeyRange;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The baseline of the export benchmark: a bare paged read of every key at one revision, doing nothing with them. */
@Command(name = "bench-raw-read", hidden = true, description = "Read every key at one revision in pages and print the rate (benchmark baseline).")
final class BenchRawReadCommand implements Callable<Integer> {

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EtcdOptions etcd;

    @Option(names = "--page-keys", defaultValue = "5000")
    int pageKeys;

    @Override
    public Integer call() {
        EtcdSettings settings = etcd.settings(root.environment(), spec.commandLine().getErr());
        try (CliSession session = root.session(); EtcdGateway gateway = session.etcd(settings)) {
            long revision = gateway.currentRevision();
            long started = System.nanoTime();
            long keys = 0;
            long bytes = 0;
            KeyRange range = KeyRange.prefix(settings.rootPrefix());
            while (true) {
                KeyPage page = gateway.range(range, revision, pageKeys);
                keys += page.entries().size();
                for (var e : page.entries()) {
                    bytes += e.key().length + e.value().length;
                }
                if (!page.more() || page.entries().isEmpty()) {
                    break;
                }
                range = range.after(page.entries().get(page.entries().size() - 1).key());
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "raw read: %d keys, %d bytes in %.3f s = %.0f keys/s", keys, bytes, seconds, keys / seconds));
        }
        return ExitCodes.OK;
    }
}
