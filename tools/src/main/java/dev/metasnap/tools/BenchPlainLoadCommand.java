package dev.metasnap.tools;

import dev.metasnap.cli.EtcdOptions;
import dev.metasnap.cli.ExitCodes;
import dev.metasnap.cli.StorageOptions;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.format.SnapshotSection;
import dev.metasnap.core.manifest.BackupStorage;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * The baseline of the restore benchmark: load a snapshot's keys with plain batched puts (same
 * operations per transaction, same number in flight) and nothing else: no job, no checks.
 */
@Command(name = BenchPlainLoadCommand.NAME, description = BenchPlainLoadCommand.DESCRIPTION)
final class BenchPlainLoadCommand implements Callable<Integer> {

    static final String NAME = "bench-plain-load";
    static final String DESCRIPTION = "Load a snapshot's keys with a plain batched-put loop (restore benchmark baseline).";

    @ParentCommand
    ToolsCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EtcdOptions etcd;

    @Mixin
    StorageOptions storage;

    @Option(names = "--meta-snapshot-id", required = true)
    long snapshotId;

    @Option(names = "--etcd-max-txn-ops", defaultValue = "128")
    int maxTxnOps;

    @Option(names = "--etcd-writes-in-flight", defaultValue = "8")
    int inFlight;

    @Override
    public Integer call() throws Exception {
        EtcdSettings settings = etcd.settings(root.environment(), spec.commandLine().getErr());
        BackupLocation location = storage.location(root.environment()).orElseThrow(() -> new InvalidSettingException("give --backup-storage-url and --backup-storage-directory"));
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        long keys = 0;
        long started = System.nanoTime();
        try (Connections connections = root.connections(); EtcdGateway gateway = connections.etcd(settings)) {
            BackupStorage backup = connections.backupStorage(location);
            try (var store = backup.store(); SnapshotReader reader = SnapshotReader.open(store.get(backup.snapshotKey(snapshotId)))) {
                Deque<Future<?>> pending = new ArrayDeque<>();
                List<MetaEntry> batch = new ArrayList<>(maxTxnOps);
                for (var s = reader.next(); s.isPresent(); s = reader.next()) {
                    if (s.get() instanceof SnapshotSection.KvBlock block) {
                        for (MetaEntry e : block.entries()) {
                            batch.add(e);
                            keys++;
                            if (batch.size() == maxTxnOps) {
                                List<MetaEntry> toWrite = batch;
                                pending.add(pool.submit(() -> gateway.putAll(toWrite)));
                                batch = new ArrayList<>(maxTxnOps);
                                if (pending.size() >= inFlight) {
                                    pending.poll().get();
                                }
                            }
                        }
                    }
                }
                if (!batch.isEmpty()) {
                    List<MetaEntry> toWrite = batch;
                    pending.add(pool.submit(() -> gateway.putAll(toWrite)));
                }
                for (Future<?> f : pending) {
                    f.get();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "plain load: %d keys in %.3f s = %.0f keys/s", keys, seconds, keys / seconds));
        return ExitCodes.OK;
    }
}
