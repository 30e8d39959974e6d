package dev.metasnap.cli;

import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.manifest.UnknownSnapshotException;
import dev.metasnap.core.format.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap show ID}: what a snapshot holds, without restoring it. */
@Command(name = ShowCommand.NAME, description = ShowCommand.DESCRIPTION)
final class ShowCommand implements Callable<Integer> {

    static final String NAME = "show";
    static final String DESCRIPTION = "Show a snapshot's column families (key counts, sizes); with --keys stream its keys.";

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    LocationOptions locationOptions;

    @Parameters(paramLabel = "ID")
    long id;

    @Option(names = "--prefix", paramLabel = "P", description = "only keys starting with P (after the root prefix)")
    String prefix = "";

    @Option(names = "--keys", description = "print every key")
    boolean keys;

    @Option(names = "--values", description = "with --keys, print values too (UTF-8 when printable, else hex)")
    boolean values;

    @Option(names = "--json", description = "print JSON (with --keys, the keys as a list)")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (CliSession session = root.session()) {
            BackupLocation location = locationOptions.resolve(session, root.environment(), spec.commandLine().getErr());
            BackupStorage backup = session.openChecked(location);
            try (var store = backup.store()) {
                SnapshotMetadata entry = entry(backup, id);
                if (!entry.metasnapMade()) {
                    showForeign(out, entry);
                    return ExitCodes.OK;
                }
                requireObject(backup, id);
                Map<String, long[]> families = new TreeMap<>();
                List<Key> keyList = new ArrayList<>();
                try (SnapshotReader reader = SnapshotReader.open(store.get(backup.snapshotKey(id)))) {
                    SnapshotKeys walk = new SnapshotKeys(reader);
                    String root = entry.rootPrefix() == null ? "" : entry.rootPrefix();
                    for (MetaEntry e = walk.next(); e != null; e = walk.next()) {
                        int rootBytes = Math.min(root.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, e.key().length);
                        String key = MetaKeys.describe(java.util.Arrays.copyOfRange(e.key(), rootBytes, e.key().length));
                        if (!key.startsWith(prefix)) {
                            continue;
                        }
                        long[] c = families.computeIfAbsent(MetaKeys.columnFamily(key), k -> new long[2]);
                        c[0]++;
                        c[1] += e.key().length + e.value().length;
                        if (keys && json) {
                            keyList.add(new Key(key, values ? displayValue(key, e.value()) : null));
                        } else if (keys) {
                            out.println(values ? key + " = " + displayValue(key, e.value()) : key);
                        }
                    }
                }
                if (json) {
                    out.println(Json.writeString(document(entry, families, keys ? keyList : null)));
                } else if (!keys) {
                    out.println("snapshot " + id + ": etcd revision " + entry.etcdRevision() + ", cluster " + entry.clusterId()
                            + ", hummock version " + entry.hummockVersionId() + " (" + HummockLayouts.recordedName(entry.hummockLayout()) + " layout), "
                            + entry.ssts().size() + " pinned SSTs");
                    if (entry.sstCopy() != null) {
                        var copy = entry.sstCopy();
                        out.println("  SSTs copied into backup storage: " + (copy.selfContained() ? "all (self-contained)"
                                : "NOT self-contained, " + copy.missing().size() + " deleted by the cluster before the copy " + copy.missing())
                                + "; this backup copied " + copy.copied() + " (" + Sizes.bytes(copy.bytesCopied()) + "), shared "
                                + copy.shared() + " with earlier snapshots (" + Sizes.bytes(copy.bytesShared()) + ")");
                    }
                    out.println(String.format("  %-28s %10s %12s", "column family", "keys", "bytes"));
                    families.forEach((cf, c) -> out.println(String.format("  %-28s %10d %12s", cf, c[0], Sizes.bytes(c[1]))));
                }
            }
        }
        return ExitCodes.OK;
    }

    /**
     * An entry RisingWave's own backup made: what its manifest entry says. Its object is in
     * RisingWave's layout, which 'show' does not decode, so there are no column families or keys.
     */
    private void showForeign(PrintWriter out, SnapshotMetadata entry) {
        if (json) {
            out.println(Json.writeString(new Document(entry.id(), null, null, entry.hummockVersionId(), null, entry.ssts().size(), null, null)));
            return;
        }
        out.println("snapshot " + id + ": made by RisingWave's own backup, not by metasnap; hummock version " + entry.hummockVersionId()
                + ", " + entry.ssts().size() + " pinned SSTs, epochs " + entry.safeEpoch() + " .. " + entry.maxCommittedEpoch()
                + ", format_version " + entry.formatVersion());
        out.println("  its object is in RisingWave's layout: column families and keys are not shown");
    }

    /** 'show --json': the keys only with --keys; a null field is left out, as in every document of {@link Json}. */
    record Document(long metaSnapshotId, Long etcdRevision, String clusterId, long hummockVersionId, String hummockLayout, int pinnedSstCount,
                    List<FamilySize> columnFamilies, List<Key> keys) {
    }

    record FamilySize(String columnFamily, long keys, long bytes) {
    }

    /** A key of 'show --keys --json'; its value only with --values. */
    record Key(String key, String value) {
    }

    static Document document(SnapshotMetadata entry, Map<String, long[]> families, List<Key> keyList) {
        List<FamilySize> sizes = new ArrayList<>();
        families.forEach((cf, c) -> sizes.add(new FamilySize(cf, c[0], c[1])));
        return new Document(entry.id(), entry.etcdRevision(), entry.clusterId(), entry.hummockVersionId(),
                HummockLayouts.recordedName(entry.hummockLayout()), entry.ssts().size(), sizes, keyList);
    }

    /** The entry of a snapshot this build can read, whose object is there. */
    static SnapshotMetadata find(BackupStorage backup, long id) {
        SnapshotMetadata entry = entry(backup, id);
        requireObject(backup, id);
        return entry;
    }

    private static SnapshotMetadata entry(BackupStorage backup, long id) {
        if (id <= 0) {
            throw new InvalidSettingException("snapshot ids are positive numbers: " + id + "; run 'metasnap list'");
        }
        var manifest = backup.readManifest();
        return manifest.find(id).orElseThrow(() -> new UnknownSnapshotException("snapshot " + id + " not in the manifest of "
                + backup.describe() + "; snapshots there: " + manifest.ids())).requireReadable(backup.describe());
    }

    private static void requireObject(BackupStorage backup, long id) {
        if (backup.store().head(backup.snapshotKey(id)).isEmpty()) {
            throw new UnknownSnapshotException("snapshot " + id + " is in the manifest but its object " + backup.snapshotKey(id) + " is missing from "
                    + backup.describe() + "; delete it ('metasnap delete " + id + "') or restore the object from a copy");
        }
    }

    /** A value as 'show --values' prints it; a secret in a system param's storage URL is masked as 'params show' masks it. */
    static String displayValue(String key, byte[] value) {
        String shown = SnapshotKeys.display(value);
        return key.startsWith(MetaKeys.SYSTEM_PARAMS) ? ParamsCommand.display(key.substring(MetaKeys.SYSTEM_PARAMS.length()), shown) : shown;
    }
}
