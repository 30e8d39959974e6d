package dev.metasnap.steps.prune;

import dev.metasnap.steps.backup.BackupRun;
import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.manifest.BackupManifest;
import dev.metasnap.steps.manifest.BackupStorage;
import dev.metasnap.steps.store.StoredObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Deletes objects under the backup directory that no manifest entry names and that are older
 * than {@link #MIN_AGE} (younger ones may belong to a backup still uploading). Runs under the
 * backup lock. Restart contract: what is gone is not found again.
 */
public final class SweepOrphansTasklet implements Tasklet {

    public static final Duration MIN_AGE = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(SweepOrphansTasklet.class);

    private final Connections connections;
    private final Path workRoot;

    public SweepOrphansTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        BackupRun run = BackupRun.of(chunkContext, workRoot);
        BackupStorage storage = run.openStorage(connections);
        try (var store = storage.store()) {
            List<StoredObject> orphans = orphans(storage, Instant.now());
            for (StoredObject o : orphans) {
                store.delete(o.key());
                log.info("swept orphan {} ({} bytes, last modified {})", o.key(), o.size(), o.lastModified());
            }
            run.context().putInt(PruneContextKeys.ORPHANS, run.context().getInt(PruneContextKeys.ORPHANS, 0) + orphans.size());
        }
        return RepeatStatus.FINISHED;
    }

    /** The objects a sweep at {@code now} removes. */
    public static List<StoredObject> orphans(BackupStorage storage, Instant now) {
        BackupManifest manifest = storage.readManifest();
        Set<String> named = new HashSet<>();
        named.add(storage.key(BackupStorage.MANIFEST));
        named.add(storage.key(BackupStorage.LOCK));
        manifest.snapshotMetadata().forEach(s -> named.add(storage.snapshotKey(s.id())));
        return storage.store().list(storage.location().directory() + "/").stream()
                .filter(o -> !named.contains(o.key()))
                .filter(o -> o.lastModified() == null || o.lastModified().isBefore(now.minus(MIN_AGE)))
                .toList();
    }
}
