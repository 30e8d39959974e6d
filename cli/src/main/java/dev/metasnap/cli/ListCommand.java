package dev.metasnap.cli;

import dev.metasnap.config.Epoch;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.ssts.SstCopy;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap list}: the snapshots in backup storage; needs no etcd when the location is given. */
@Command(name = ListCommand.NAME, description = ListCommand.DESCRIPTION)
final class ListCommand implements Callable<Integer> {

    static final String NAME = "list";
    static final String DESCRIPTION = "List the meta snapshots in backup storage.";

    static final String[] COLUMNS = {"meta_snapshot_id", "hummock_version_id", "safe_epoch", "safe_epoch_ts",
        "max_committed_epoch", "max_committed_epoch_ts", "created_at", "keys", "size", "ssts", "last_verified", "remarks"};

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    LocationOptions locationOptions;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (CliSession session = root.session()) {
            BackupManifest manifest = locationOptions.readManifest(session, root.environment(), spec.commandLine().getErr());
            if (json) {
                out.println(Json.writeString(rows(manifest)));
            } else {
                printTable(out, manifest);
            }
        }
        return ExitCodes.OK;
    }

    /** What the table shows for a field an entry RisingWave's own backup made does not record. */
    static final String UNKNOWN = "unknown";

    /**
     * A snapshot as 'list --json' prints it (the README's schema); a null field is left out, as in
     * every document of {@link Json}: for an entry RisingWave made, every field metasnap records itself.
     */
    record Row(long metaSnapshotId, long hummockVersionId, long safeEpoch, String safeEpochTs, long maxCommittedEpoch,
               String maxCommittedEpochTs, String createdAt, Long etcdRevision, String clusterId, Long keyCount, Long objectBytes,
               String sha256, int ssts, String hummockLayout, Boolean selfContained, SstCopy sstCopy, String lastVerifiedAt,
               String lastVerifyResult, String remarks) {

        static Row of(SnapshotMetadata s) {
            boolean ours = s.metasnapMade();
            return new Row(s.id(), s.hummockVersionId(), s.safeEpoch(), new Epoch(s.safeEpoch()).formatTime(), s.maxCommittedEpoch(),
                    new Epoch(s.maxCommittedEpoch()).formatTime(), s.createdAt(), ours ? s.etcdRevision() : null, s.clusterId(),
                    ours ? s.keyCount() : null, ours ? s.objectBytes() : null,
                    s.sha256(), s.ssts().size(), ours ? HummockLayouts.recordedName(s.hummockLayout()) : null,
                    // null when the snapshot only pins its SSTs; else what its backup copied
                    s.sstCopy() == null ? null : s.sstCopy().selfContained(), s.sstCopy(), s.lastVerifiedAt(), s.lastVerifyResult(), s.remarks());
        }
    }

    static List<Row> rows(BackupManifest manifest) {
        return manifest.snapshotMetadata().stream().map(Row::of).toList();
    }

    /** "pinned" (SSTs only referenced), "copied" (self-contained) or "INCOMPLETE: n missing". */
    private static String sstColumn(SnapshotMetadata s) {
        if (s.sstCopy() == null) {
            return s.ssts().size() + " pinned";
        }
        return s.ssts().size() + (s.sstCopy().selfContained() ? " copied" : " INCOMPLETE: " + s.sstCopy().missing().size() + " missing");
    }

    private static String lastVerified(SnapshotMetadata s) {
        if (s.lastVerifiedAt() == null) {
            return "never";
        }
        return s.lastVerifiedAt() + (SnapshotMetadata.VERIFIED_OK.equals(s.lastVerifyResult()) ? " ok" : " FAILED");
    }

    private static void printTable(PrintWriter out, BackupManifest manifest) {
        List<String[]> lines = new ArrayList<>();
        lines.add(COLUMNS);
        for (SnapshotMetadata s : manifest.snapshotMetadata()) {
            lines.add(new String[] {
                Long.toString(s.id()), Long.toString(s.hummockVersionId()),
                Long.toString(s.safeEpoch()), new Epoch(s.safeEpoch()).formatTime(),
                Long.toString(s.maxCommittedEpoch()), new Epoch(s.maxCommittedEpoch()).formatTime(),
                s.metasnapMade() ? s.createdAt() : UNKNOWN, s.metasnapMade() ? Long.toString(s.keyCount()) : UNKNOWN,
                s.metasnapMade() ? Sizes.bytes(s.objectBytes()) : UNKNOWN, sstColumn(s), lastVerified(s), s.remarks() == null ? "" : s.remarks()});
        }
        int[] widths = new int[COLUMNS.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                b.append(i == 0 ? "" : "  ").append(String.format("%-" + widths[i] + "s", line[i]));
            }
            out.println(b.toString().stripTrailing());
        }
        if (manifest.snapshotMetadata().isEmpty()) {
            out.println("(no snapshots yet; take one with 'metasnap backup')");
        }
    }
}
