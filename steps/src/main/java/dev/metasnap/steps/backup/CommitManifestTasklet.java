package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.core.errors.PreconditionFailedException;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.format.SnapshotFormat;
import dev.metasnap.core.hummock.HummockVersion;
import dev.metasnap.core.ssts.SstCopy;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.ManifestConflictException;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Adds the verified snapshot to {@code manifest.json}, the last write of a backup, then removes
 * the local work files. Restart contract: re-runs on every restart that reaches it; an entry
 * with this id and SHA-256 already present means a previous attempt committed it, and only the
 * work files are removed.
 */
public final class CommitManifestTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public CommitManifestTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        JobRun run = JobRun.of(chunkContext, workRoot);
        ExecutionContext c = run.context();
        BackupStorage storage = run.openStorage(connections);
        var committed = storage.readManifest().find(run.contextLong(BackupContextKeys.SNAPSHOT_ID)).filter(e -> java.util.Objects.equals(e.sha256(), c.getString(BackupContextKeys.SHA256)));
        if (committed.isPresent()) {
            // a crash may have come between the manifest and the SST index
            recordSstReferences(storage, committed.get());
            BackupWorkFiles.of(run).delete();
            return RepeatStatus.FINISHED;
        }
        HummockVersion version = Json.read(c.getString(BackupContextKeys.HUMMOCK_VERSION).getBytes(StandardCharsets.UTF_8), HummockVersion.class);
        SstCopy copy = c.containsKey(BackupContextKeys.SST_COPY)
                ? Json.read(c.getString(BackupContextKeys.SST_COPY).getBytes(StandardCharsets.UTF_8), SstCopy.class) : null;
        if (!run.parameter(JobParameterNames.BACKUP_COPY_SSTS).isEmpty()) {
            try {
                requireCopied(storage, version, copy, run.contextLong(BackupContextKeys.SNAPSHOT_ID));
            } catch (IllegalStateException e) {
                // forget the finished copy, so that the restart this message asks for copies again
                // (copies of a run another home's prune cannot see as held may have been removed)
                c.remove(BackupContextKeys.SST_COPY);
                c.remove(BackupContextKeys.SST_COPY_REVISION);
                throw e;
            }
        }
        if (copy != null && !copy.selfContained() && JobParameterNames.MISSING_FAIL.equals(run.parameter(JobParameterNames.BACKUP_COPY_SSTS))) {
            throw new PreconditionFailedException(copy.missing().size() + " SST(s) of hummock version " + version.id()
                    + " were deleted by the cluster before they could be copied (object ids " + copy.missing().subList(0, Math.min(10, copy.missing().size()))
                    + "), so snapshot " + run.contextLong(BackupContextKeys.SNAPSHOT_ID) + " would not be self-contained; abandon this run ('metasnap jobs abandon ID') and back up"
                    + " again, or use --missing-ssts mark to keep such a snapshot marked as not self-contained");
        }
        SnapshotMetadata entry = new SnapshotMetadata(
                run.contextLong(BackupContextKeys.SNAPSHOT_ID), version.id(), version.ssts(), version.maxCommittedEpoch(), version.safeEpoch(),
                SnapshotFormat.FORMAT_VERSION, run.parameter(JobParameterNames.REMARKS),
                c.getString(BackupContextKeys.CREATED_AT), run.contextLong(BackupContextKeys.REVISION), c.getString(BackupContextKeys.CLUSTER_ID),
                run.rootPrefix(), c.getLong(BackupContextKeys.KEY_COUNT), c.getLong(BackupContextKeys.KV_BLOCKS),
                c.getLong(BackupContextKeys.RAW_BYTES), c.getLong(BackupContextKeys.STORED_BYTES),
                c.getLong(BackupContextKeys.OBJECT_BYTES), c.getString(BackupContextKeys.SHA256),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(), SnapshotMetadata.VERIFIED_OK,
                version.layout(), version.stateTableInfo(), copy);
        storage.update(manifest -> commit(manifest, entry, storage));
        recordSstReferences(storage, entry);
        BackupWorkFiles.of(run).delete();
        return RepeatStatus.FINISHED;
    }

    /**
     * A run that copies SSTs commits only when every SST of its version is in the SST index or
     * recorded as deleted by the cluster: the copy step's own bookkeeping is not trusted alone.
     */
    private static void requireCopied(BackupStorage storage, HummockVersion version, SstCopy copy, long snapshotId) {
        if (copy == null) {
            throw new IllegalStateException("snapshot " + snapshotId + " was to copy its SSTs, but no copy was recorded for hummock version "
                    + version.id() + "; restart the job ('metasnap jobs restart ID') to copy them");
        }
        java.util.Set<Long> indexed = new SstStore(storage).readIndex().ssts().keySet();
        List<Long> uncopied = version.ssts().stream().filter(id -> !indexed.contains(id) && !copy.missing().contains(id)).toList();
        if (!uncopied.isEmpty()) {
            throw new IllegalStateException(uncopied.size() + " SST(s) of hummock version " + version.id() + " are neither in the SST index of "
                    + storage.describe() + " nor recorded as deleted (object ids " + uncopied.subList(0, Math.min(10, uncopied.size()))
                    + "); restart the job ('metasnap jobs restart ID') to copy them");
        }
    }

    private static void recordSstReferences(BackupStorage storage, SnapshotMetadata entry) {
        if (entry.sstCopy() != null) {
            new SstStore(storage).updateIndex(index -> index.referencedBy(entry.id(), entry.ssts()));
        }
    }

    private static BackupManifest commit(BackupManifest manifest, SnapshotMetadata entry, BackupStorage storage) {
        var existing = manifest.find(entry.id());
        if (existing.isPresent()) {
            if (!existing.get().metasnapMade()) {
                throw new ManifestConflictException("snapshot id " + entry.id() + " in " + storage.describe() + " is held by a snapshot RisingWave made itself (its own meta backup shares this location); this run cannot commit it: abandon it ('metasnap jobs abandon ID') and start a new backup");
            }
            if (existing.get().sha256().equals(entry.sha256())) {
                return manifest;
            }
            throw new ManifestConflictException("manifest of " + storage.describe() + " already has a different snapshot "
                    + entry.id() + "; abandon this run and start a new backup");
        }
        if (entry.id() > manifest.lastSnapshotId()) {
            throw new ManifestConflictException("snapshot id " + entry.id() + " was never reserved in the manifest of "
                    + storage.describe() + " (last id " + manifest.lastSnapshotId() + "); was the manifest replaced?");
        }
        return manifest.with(entry);
    }
}
