package dev.metasnap.tools;

import dev.metasnap.cli.EtcdOptions;
import dev.metasnap.cli.ExitCodes;
import dev.metasnap.cli.PreconditionException;
import dev.metasnap.cli.Sizes;
import dev.metasnap.config.Durations;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.demo.ClusterGenerator;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.demo.LiveCluster;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.hummock.HummockStorage;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap-tools demo-cluster}: generate a RisingWave-style cluster for demos, tests and benchmarks. */
@Command(name = DemoClusterCommand.NAME, description = DemoClusterCommand.DESCRIPTION)
final class DemoClusterCommand implements Callable<Integer> {

    static final String NAME = "demo-cluster";
    static final String DESCRIPTION = "Create a generated cluster in an empty etcd and hummock storage; optionally keep it committing epochs.";

    @ParentCommand
    ToolsCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EtcdOptions etcd;

    @Option(names = "--state-store", required = true, paramLabel = "URL", description = "hummock storage, e.g. hummock+fs:///tmp/state or hummock+minio://k:s@127.0.0.1:9000/state")
    String stateStore;

    @Option(names = "--data-directory", defaultValue = "hummock_001", paramLabel = "DIR", description = "directory inside the state store (default: ${DEFAULT-VALUE})")
    String dataDirectory;

    @Option(names = "--tables", defaultValue = "10", description = "catalog tables (default: ${DEFAULT-VALUE})")
    int tables;

    @Option(names = "--keys", defaultValue = "1000", description = "extra catalog keys, for size (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--value-bytes", defaultValue = "200", description = "bytes per generated value (default: ${DEFAULT-VALUE})")
    int valueBytes;

    @Option(names = "--run-for", paramLabel = "DURATION", description = "keep committing epochs for this long (e.g. 30s, 10m)")
    String runFor;

    @Option(names = "--epochs", defaultValue = "5", description = "epochs committed after the first checkpoint (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--sst-bytes", defaultValue = "256", paramLabel = "BYTES", description = "size of each SST object written (default: ${DEFAULT-VALUE})")
    int sstBytes;

    @Option(names = "--append", description = "continue the risingwave-layout cluster already in etcd: commit --epochs more epochs (new SSTs included)")
    boolean append;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EtcdSettings settings = etcd.settings(root.environment(), spec.commandLine().getErr());
        ClusterShape shape = new ClusterShape(tables, keys, valueBytes, Math.max(1, epochs));
        Duration live = runFor == null ? Duration.ZERO : Durations.parse(runFor);
        HummockLocation location = HummockLocation.parse(stateStore, dataDirectory);
        try (Connections connections = root.connections(); EtcdGateway gateway = connections.etcd(settings)) {
            long existing = gateway.count(KeyRange.prefix(settings.rootPrefix()));
            if (existing > 0 && !append) {
                throw new PreconditionException(settings + " already holds " + existing + " keys; demo-cluster only writes into an empty etcd"
                        + " (or use --root-prefix, or --append to continue a generated cluster)");
            }
            if (existing == 0 && append) {
                throw new PreconditionException(settings + " holds no cluster to continue; run demo-cluster without --append first");
            }
            HummockStorage hummock = connections.hummockStorage(location);
            try (var store = hummock.store()) {
                ClusterGenerator generator = new ClusterGenerator(gateway, hummock, settings.rootPrefix(), seed).sstBytes(sstBytes);
                if (append) {
                    generator.resume();
                    for (int i = 0; i < epochs; i++) {
                        generator.commitEpoch();
                    }
                    out.println("committed " + epochs + " more epochs; hummock version " + generator.versionId() + " in " + location.describe());
                } else {
                    generator.create(shape, stateStore);
                    out.println("created cluster: " + Sizes.count(gateway.count(KeyRange.prefix(settings.rootPrefix()))) + " keys in " + settings
                            + ", hummock version " + generator.versionId() + " in " + location.describe() + " (risingwave layout)");
                }
                if (!live.isZero()) {
                    try (LiveCluster running = LiveCluster.start(generator, Duration.ofMillis(100), 20)) {
                        Thread.sleep(live.toMillis());
                        out.println("committed " + running.ticks() + " epochs in " + runFor + "; hummock version " + generator.versionId());
                    }
                }
            }
        }
        return ExitCodes.OK;
    }
}
