package dev.metasnap.steps.backup;

import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.format.Json;
import dev.metasnap.steps.format.SnapshotFormat;
import dev.metasnap.steps.hummock.HummockVersion;
import dev.metasnap.steps.manifest.BackupManifest;
import dev.metasnap.steps.manifest.BackupStorage;
import dev.metasnap.steps.manifest.ManifestConflictException;
import dev.metasnap.steps.manifest.SnapshotMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
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
        BackupRun run = BackupRun.of(chunkContext, workRoot);
        ExecutionContext c = run.context();
        BackupStorage storage = run.openStorage(connections);
        if (storage.readManifest().find(run.snapshotId()).filter(e -> e.sha256().equals(c.getString(BackupContextKeys.SHA256))).isPresent()) {
            run.files().delete();
            return RepeatStatus.FINISHED;
        }
        HummockVersion version = Json.read(c.getString(BackupContextKeys.HUMMOCK_VERSION).getBytes(StandardCharsets.UTF_8), HummockVersion.class);
        SnapshotMetadata entry = new SnapshotMetadata(
                run.snapshotId(), version.id(), version.ssts(), version.maxCommittedEpoch(), version.safeEpoch(),
                SnapshotFormat.FORMAT_VERSION, run.parameter(BackupJobParameters.REMARKS),
                c.getString(BackupContextKeys.CREATED_AT), run.revision(), c.getString(BackupContextKeys.CLUSTER_ID),
                run.rootPrefix(), c.getLong(BackupContextKeys.KEY_COUNT), c.getLong(BackupContextKeys.KV_BLOCKS),
                c.getLong(BackupContextKeys.RAW_BYTES), c.getLong(BackupContextKeys.STORED_BYTES),
                c.getLong(BackupContextKeys.OBJECT_BYTES), c.getString(BackupContextKeys.SHA256),
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString(), SnapshotMetadata.VERIFIED_OK,
                version.layout(), version.stateTableInfo());
        storage.update(manifest -> commit(manifest, entry, storage));
        run.files().delete();
        return RepeatStatus.FINISHED;
    }

    private static BackupManifest commit(BackupManifest manifest, SnapshotMetadata entry, BackupStorage storage) {
        var existing = manifest.find(entry.id());
        if (existing.isPresent()) {
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
