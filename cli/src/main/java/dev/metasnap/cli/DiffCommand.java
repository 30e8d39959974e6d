package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.format.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;
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

/** {@code metasnap diff A B}: keys added, removed and changed per column family, by a merge of two sorted streams. */
@Command(name = DiffCommand.NAME, description = DiffCommand.DESCRIPTION)
final class DiffCommand implements Callable<Integer> {

    static final String NAME = "diff";
    static final String DESCRIPTION = "Compare two snapshots: keys added, removed and changed per column family.";

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    LocationOptions locationOptions;

    @Parameters(index = "0", paramLabel = "A")
    long a;

    @Parameters(index = "1", paramLabel = "B")
    long b;

    @Option(names = "--keys", description = "also list each added (+), removed (-) and changed (~) key")
    boolean keys;

    @Option(names = "--json", description = "print JSON (with --keys, the keys as a list)")
    boolean json;

    private static final String[] CHANGES = {"added", "removed", "changed"};

    private final List<KeyChange> keyList = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (CliSession session = root.session()) {
            BackupLocation location = locationOptions.resolve(session, root.environment(), spec.commandLine().getErr());
            BackupStorage backup = session.openChecked(location);
            ShowCommand.find(backup, a);
            ShowCommand.find(backup, b);
            Map<String, long[]> families = new TreeMap<>();
            try (var store = backup.store();
                 SnapshotReader ra = SnapshotReader.open(store.get(backup.snapshotKey(a)));
                 SnapshotReader rb = SnapshotReader.open(store.get(backup.snapshotKey(b)))) {
                SnapshotKeys left = new SnapshotKeys(ra);
                SnapshotKeys right = new SnapshotKeys(rb);
                MetaEntry x = left.next();
                MetaEntry y = right.next();
                while (x != null || y != null) {
                    int order = x == null ? 1 : y == null ? -1 : Arrays.compareUnsigned(x.key(), y.key());
                    if (order < 0) {
                        count(families, x, 1, "-", out);
                        x = left.next();
                    } else if (order > 0) {
                        count(families, y, 0, "+", out);
                        y = right.next();
                    } else {
                        if (!Arrays.equals(x.value(), y.value())) {
                            count(families, y, 2, "~", out);
                        }
                        x = left.next();
                        y = right.next();
                    }
                }
            }
            if (json) {
                out.println(Json.writeString(document(a, b, families, keys ? keyList : null)));
                return ExitCodes.OK;
            }
            out.println("snapshot " + a + " -> " + b + ":");
            out.println(String.format("  %-28s %8s %8s %8s", "column family", "added", "removed", "changed"));
            families.forEach((cf, c) -> out.println(String.format("  %-28s %8d %8d %8d", cf, c[0], c[1], c[2])));
            if (families.isEmpty()) {
                out.println("  (no differences)");
            }
        }
        return ExitCodes.OK;
    }

    private void count(Map<String, long[]> families, MetaEntry e, int kind, String mark, PrintWriter out) {
        families.computeIfAbsent(MetaKeys.columnFamily(e.keyText()), k -> new long[3])[kind]++;
        if (keys && json) {
            keyList.add(new KeyChange(CHANGES[kind], MetaKeys.describe(e.key())));
        } else if (keys) {
            out.println(mark + " " + MetaKeys.describe(e.key()));
        }
    }

    /** 'diff --json': the keys only with --keys. */
    record Document(long fromSnapshotId, long toSnapshotId, List<FamilyChanges> columnFamilies, List<KeyChange> keys) {
    }

    /** One column family's keys added, removed and changed. */
    record FamilyChanges(String columnFamily, long added, long removed, long changed) {
    }

    /** A key of 'diff --keys --json': its change is one of {@link #CHANGES}. */
    record KeyChange(String change, String key) {
    }

    /** {@code families} maps a column family to its counts, indexed as {@link #CHANGES}; {@code keyList} is null without --keys. */
    static Document document(long from, long to, Map<String, long[]> families, List<KeyChange> keyList) {
        List<FamilyChanges> changes = new ArrayList<>();
        families.forEach((cf, c) -> changes.add(new FamilyChanges(cf, c[0], c[1], c[2])));
        return new Document(from, to, changes, keyList);
    }
}
