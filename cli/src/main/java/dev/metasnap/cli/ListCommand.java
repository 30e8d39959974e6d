package dev.metasnap.cli;

import dev.metasnap.config.Epoch;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    static List<Map<String, Object>> rows(BackupManifest manifest) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SnapshotMetadata s : manifest.snapshotMetadata()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("meta_snapshot_id", s.id());
            row.put("hummock_version_id", s.hummockVersionId());
            row.put("safe_epoch", s.safeEpoch());
            row.put("safe_epoch_ts", new Epoch(s.safeEpoch()).formatTime());
            row.put("max_committed_epoch", s.maxCommittedEpoch());
            row.put("max_committed_epoch_ts", new Epoch(s.maxCommittedEpoch()).formatTime());
            row.put("created_at", s.createdAt());
            row.put("etcd_revision", s.etcdRevision());
            row.put("cluster_id", s.clusterId());
            row.put("key_count", s.keyCount());
            row.put("object_bytes", s.objectBytes());
            row.put("sha256", s.sha256());
            row.put("ssts", s.ssts().size());
            row.put("hummock_layout", HummockLayouts.named(s.hummockLayout()).name());
            // null when the snapshot only pins its SSTs; else what its backup copied
            row.put("self_contained", s.sstCopy() == null ? null : s.sstCopy().selfContained());
            row.put("sst_copy", s.sstCopy());
            row.put("last_verified_at", s.lastVerifiedAt());
            row.put("last_verify_result", s.lastVerifyResult());
            row.put("remarks", s.remarks());
            rows.add(row);
        }
        return rows;
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
                s.createdAt(), Long.toString(s.keyCount()), Sizes.bytes(s.objectBytes()), sstColumn(s), lastVerified(s), s.remarks() == null ? "" : s.remarks()});
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
