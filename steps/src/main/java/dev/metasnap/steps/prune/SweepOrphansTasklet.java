package dev.metasnap.steps.prune;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.retention.Orphans;
import dev.metasnap.core.retention.RestartableSnapshots;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.StoredObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Deletes snapshot objects that no manifest entry names: only metasnap's own names
 * ({@code {id}.snapshot}) directly in the backup directory, never anything in a nested
 * directory (another location may live there) and never a file of another program; never an id
 * that a run which can still be restarted has reserved (its object is waiting for
 * {@code jobs restart}); only objects older than {@link Orphans#MIN_AGE} (younger ones may belong to a
 * backup still uploading). Copied SSTs ({@code ssts/{id}.data}) that the SST index does not
 * name go by the same rules (a crash between a retention's index update and its deletes leaves
 * them; a restartable copying run's SSTs are spared). The same rules abort abandoned multipart
 * uploads of such objects and remove temporary files of interrupted writes in the directory (not
 * counted in the progress: the store removes them in one call). Runs under the backup lock.
 * Restart contract: re-runs from the start; what is gone is not found again.
 */
public final class SweepOrphansTasklet implements Tasklet {

    public static final String STAGE = "sweeping orphans";
    private static final Logger log = LoggerFactory.getLogger(SweepOrphansTasklet.class);

    private final Connections connections;
    private final Path workRoot;
    private final RestartableSnapshots restartable;
    private final ProgressSink progress;

    public SweepOrphansTasklet(Connections connections, Path workRoot, RestartableSnapshots restartable, ProgressSink progress) {
        this.connections = connections;
        this.workRoot = workRoot;
        this.restartable = restartable;
        this.progress = ProgressSink.guarded(progress);
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        BackupStorage storage = run.openStorage(connections);
        Set<Long> held = restartable.held(storage.location());
        Instant now = Instant.now();
        List<StoredObject> orphans = new ArrayList<>(Orphans.snapshots(storage, held, now));
        orphans.addAll(Orphans.unindexedSsts(storage, restartable.heldSsts(storage.location()), now));
        // both lists first, so the total is known before the first removal; neither depends on the other
        List<ObjectStore.PendingUpload> uploads = Orphans.abandonedUploads(storage, held, now);
        int total = orphans.size() + uploads.size();
        int done = 0;
        long bytes = 0;
        if (total > 0) {
            progress.begin(STAGE, 0, total, 0);
        }
        for (StoredObject o : orphans) {
            storage.store().delete(o.key());
            log.info("swept orphan {} ({} bytes, last modified {})", o.key(), o.size(), o.lastModified());
            bytes += o.size();
            progress.report(STAGE, ++done, total, bytes);
        }
        for (ObjectStore.PendingUpload u : uploads) {
            storage.store().abortMultipartUpload(u.key(), u.uploadId());
            log.info("aborted abandoned multipart upload {} of {} (started {}): no run can resume it", u.uploadId(), u.key(), u.initiated());
            // the size of an upload's parts is not listed: it counts as an item without bytes
            progress.report(STAGE, ++done, total, bytes);
        }
        int temporary = storage.store().removeTemporaryFiles(storage.location().directory() + "/", now.minus(Orphans.MIN_AGE))
                + storage.store().removeTemporaryFiles(storage.key(SstStore.DIRECTORY) + "/", now.minus(Orphans.MIN_AGE));
        if (temporary > 0) {
            log.info("removed {} temporary file(s) of interrupted writes from {}", temporary, storage.describe());
        }
        run.context().putInt(PruneContextKeys.ORPHANS, run.context().getInt(PruneContextKeys.ORPHANS, 0) + orphans.size() + uploads.size() + temporary);
        return RepeatStatus.FINISHED;
    }
}
