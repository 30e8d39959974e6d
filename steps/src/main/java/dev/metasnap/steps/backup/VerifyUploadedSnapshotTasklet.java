package dev.metasnap.steps.backup;

import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.format.SnapshotCorruptException;
import dev.metasnap.steps.format.SnapshotReader;
import dev.metasnap.steps.format.SnapshotSection;
import dev.metasnap.steps.manifest.BackupStorage;
import java.nio.file.Path;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Reads the uploaded object back and checks every block checksum, the trailer totals, the key
 * count and the SHA-256 against what was sealed. A damaged object is deleted so that a restart
 * uploads it again. Restart contract: read-only apart from that; runs again on every restart.
 */
public final class VerifyUploadedSnapshotTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public VerifyUploadedSnapshotTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        BackupRun run = BackupRun.of(chunkContext, workRoot);
        BackupStorage storage = run.openStorage(connections);
        String key = storage.snapshotKey(run.snapshotId());
        String expectedSha = run.context().getString(BackupContextKeys.SHA256);
        long expectedKeys = run.context().getLong(BackupContextKeys.KEY_COUNT);
        try (var store = storage.store(); SnapshotReader reader = SnapshotReader.open(store.get(key))) {
            long keys = 0;
            for (var section = reader.next(); section.isPresent(); section = reader.next()) {
                if (section.get() instanceof SnapshotSection.KvBlock block) {
                    keys += block.entries().size();
                }
            }
            if (reader.header().snapshotId() != run.snapshotId() || reader.header().etcdRevision() != run.revision()) {
                throw new SnapshotCorruptException("header", "names snapshot " + reader.header().snapshotId() + " at revision "
                        + reader.header().etcdRevision() + ", expected " + run.snapshotId() + " at " + run.revision());
            }
            if (keys != expectedKeys) {
                throw new SnapshotCorruptException("trailer", keys + " keys read back, " + expectedKeys + " written");
            }
            String sha = reader.sha256();
            if (!sha.equals(expectedSha)) {
                throw new SnapshotCorruptException("object", "SHA-256 " + sha + " differs from the sealed " + expectedSha);
            }
        } catch (SnapshotCorruptException e) {
            try (var store = storage.store()) {
                store.delete(key);
            }
            throw new SnapshotCorruptException(e.region(), "uploaded snapshot " + key + " failed verification ("
                    + e.getMessage() + "); it was deleted, restart the job to upload it again");
        }
        return RepeatStatus.FINISHED;
    }
}
