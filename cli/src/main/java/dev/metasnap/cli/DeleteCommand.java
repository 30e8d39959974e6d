package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.core.manifest.BackupLock;
import dev.metasnap.core.manifest.BackupLockOwner;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotIds;
import dev.metasnap.core.retention.SnapshotRemoval;
import dev.metasnap.core.ssts.SstRetention;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap delete ID...}: the manifest entries first, then the objects (the removal prune does too, see {@link SnapshotRemoval}). */
@Command(name = DeleteCommand.NAME, description = DeleteCommand.DESCRIPTION)
final class DeleteCommand implements Callable<Integer> {

    static final String NAME = "delete";
    static final String DESCRIPTION = "Delete snapshots by id: manifest entries first, then their objects.";

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    LocationOptions locationOptions;

    @Parameters(arity = "1..*", paramLabel = "ID")
    List<Long> ids;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (CliSession session = root.session()) {
            session.claimHome("delete");
            BackupLocation location = locationOptions.resolve(session, root.environment(), spec.commandLine().getErr());
            BackupStorage backup = session.openChecked(location);
            try (var store = backup.store()) {
                SnapshotIds.requirePositive(ids);
                BackupManifest before = backup.readManifest();
                SnapshotIds.requireKnown(ids, before, location.describe(), "; nothing was deleted");
                BackupLock lock = new BackupLock(backup);
                String runId = java.util.UUID.randomUUID().toString();
                lock.acquire(BackupLockOwner.of(runId, "delete", "", -1, java.time.Instant.now(), java.time.Duration.ofMinutes(30)),
                        session.lockHolders());
                try {
                    SnapshotRemoval.Removed removed = new SnapshotRemoval(backup).remove(ids, session.restartableSnapshots());
                    BackupManifest after = removed.manifest();
                    SstRetention.Removed copied = removed.ssts();
                    if (copied.count() > 0) {
                        out.println("removed " + copied.count() + " copied SST(s) (" + Sizes.bytes(copied.bytes()) + ") no remaining snapshot references");
                    }
                    out.println("deleted snapshot(s) " + ids + " from " + location.describe() + "; "
                            + (before.pinnedSsts().size() - after.pinnedSsts().size()) + " SST(s) no longer pinned, "
                            + after.pinnedSsts().size() + " still pinned by " + after.snapshotMetadata().size() + " snapshot(s)");
                } finally {
                    lock.release(runId);
                }
            }
        }
        return ExitCodes.OK;
    }
}
