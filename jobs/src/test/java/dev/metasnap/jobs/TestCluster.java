package dev.metasnap.jobs;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.BackupSettings;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.SystemParam;
import dev.metasnap.demo.ClusterGenerator;
import dev.metasnap.demo.ClusterShape;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.connect.RuntimeSecrets;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.etcd.JetcdGateway;
import dev.metasnap.core.etcd.KeyPage;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.format.SnapshotSection;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.params.SystemParams;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.testkit.EtcdProcess;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;

/** A generated cluster on real servers plus the metasnap runtime to back it up; one per test. */
final class TestCluster implements AutoCloseable {

    final EtcdProcess etcdProcess;
    final EtcdGateway etcd;
    final HummockStorage hummock;
    final ClusterGenerator generator;
    final BackupLocation backupLocation;
    final RuntimeSecrets secrets = new RuntimeSecrets();

    TestCluster(EtcdProcess etcdProcess, HummockLocation hummockLocation, BackupLocation backupLocation, ClusterShape shape) {
        this.etcdProcess = etcdProcess;
        this.etcd = JetcdGateway.connect(EtcdSettings.of(etcdProcess.endpoint()));
        this.backupLocation = backupLocation;
        this.hummock = connections(ObjectStores.real(), EtcdGateways.real()).hummockStorage(hummockLocation);
        this.generator = new ClusterGenerator(etcd, hummock, "", 42);
        generator.create(shape, "hummock+" + hummockLocation.url().full());
        SystemParams params = new SystemParams(etcd, "");
        params.set(SystemParam.BACKUP_STORAGE_URL, backupLocation.url().full());
        params.set(SystemParam.BACKUP_STORAGE_DIRECTORY, backupLocation.directory());
        secrets.storageUrl(backupLocation.url());
    }

    Connections connections(ObjectStores stores, EtcdGateways gateways) {
        return new Connections(gateways, stores, secrets);
    }

    MetasnapRuntime runtime(Path home, ObjectStores stores, EtcdGateways gateways, BackupSettings settings) {
        return runtime(home, stores, gateways, settings, ProgressSink.none());
    }

    MetasnapRuntime runtime(Path home, ObjectStores stores, EtcdGateways gateways, BackupSettings settings, ProgressSink progress) {
        return new MetasnapRuntime(connections(stores, gateways), MetasnapRuntime.h2Url(home), home.resolve("work"), settings, RestoreSettings.defaults(), progress);
    }

    EtcdSettings etcdSettings() {
        return EtcdSettings.of(etcdProcess.endpoint());
    }

    BackupStorage backupStorage() {
        return connections(ObjectStores.real(), EtcdGateways.real()).backupStorage(backupLocation);
    }

    /** Every non-lease key at a revision, hex key to hex value. */
    SortedMap<String, String> keyspaceAt(long revision) {
        SortedMap<String, String> result = new TreeMap<>();
        KeyRange range = KeyRange.prefix("");
        while (true) {
            KeyPage page = etcd.range(range, revision, 1000);
            for (MetaEntry e : page.entries()) {
                if (!e.isEphemeral()) {
                    result.put(HexFormat.of().formatHex(e.key()), HexFormat.of().formatHex(e.value()));
                }
            }
            if (!page.more() || page.entries().isEmpty()) {
                return result;
            }
            range = range.after(page.entries().get(page.entries().size() - 1).key());
        }
    }

    /** The decoded key/values of a snapshot object. */
    static SortedMap<String, String> snapshotKeyspace(InputStream object) {
        SortedMap<String, String> result = new TreeMap<>();
        try (SnapshotReader reader = SnapshotReader.open(object)) {
            for (var s = reader.next(); s.isPresent(); s = reader.next()) {
                if (s.get() instanceof SnapshotSection.KvBlock block) {
                    for (MetaEntry e : block.entries()) {
                        result.put(HexFormat.of().formatHex(e.key()), HexFormat.of().formatHex(e.value()));
                    }
                }
            }
        }
        return result;
    }

    @Override
    public void close() {
        hummock.store().close();
        etcd.close();
    }
}
