package dev.metasnap.steps.prune;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.retention.RestartableSnapshots;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.StoredObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * {@code jobs restart}); only objects older than {@link #MIN_AGE} (younger ones may belong to a
 * backup still uploading). Copied SSTs ({@code ssts/{id}.data}) that the SST index does not
 * name go by the same rules (a crash between a retention's index update and its deletes leaves
 * them; a restartable copying run's SSTs are spared). The same rules abort abandoned multipart
 * uploads of such objects and remove temporary files of interrupted writes in the directory (not
 * counted in the progress: the store removes them in one call). Runs under the backup lock.
 * Restart contract: re-runs from the start; what is gone is not found again.
 */
public final class SweepOrphansTasklet implements Tasklet {

    public static final Duration MIN_AGE = Duration.ofHours(1);
    public static final String STAGE = "sweeping orphans";
    private static final Logger log = LoggerFactory.getLogger(SweepOrphansTasklet.class);

    private static final Pattern SNAPSHOT_NAME = Pattern.compile("(\\d{1,18})\\.snapshot");
    private static final Pattern COPIED_SST_NAME = Pattern.compile(SstStore.DIRECTORY + "/\\d{1,20}\\.data");
    /** The names metasnap writes: a decimal id without leading zeros (one that does not fit a long is no name of ours). */
    private static final Pattern COPIED_SST_FILE = Pattern.compile("(0|[1-9]\\d{0,18})\\.data");

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
        Set<Long> held = restartable.held(storage.location().url().redacted(), storage.location().directory());
        Instant now = Instant.now();
        List<StoredObject> orphans = new ArrayList<>(orphans(storage, held, now));
        orphans.addAll(unindexedSsts(storage, restartable.heldSsts(storage.location().url().redacted(), storage.location().directory()), now));
        // both lists first, so the total is known before the first removal; neither depends on the other
        List<ObjectStore.PendingUpload> uploads = abandonedUploads(storage, held, now);
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
        int temporary = storage.store().removeTemporaryFiles(storage.location().directory() + "/", now.minus(MIN_AGE))
                + storage.store().removeTemporaryFiles(storage.key(SstStore.DIRECTORY) + "/", now.minus(MIN_AGE));
        if (temporary > 0) {
            log.info("removed {} temporary file(s) of interrupted writes from {}", temporary, storage.describe());
        }
        run.context().putInt(PruneContextKeys.ORPHANS, run.context().getInt(PruneContextKeys.ORPHANS, 0) + orphans.size() + uploads.size() + temporary);
        return RepeatStatus.FINISHED;
    }

    /**
     * Multipart uploads of snapshot objects directly in the directory, started before
     * {@code now} minus {@link #MIN_AGE}, whose id no restartable run holds: nothing can resume
     * them, and on S3 their parts cost storage until aborted.
     */
    public static List<ObjectStore.PendingUpload> abandonedUploads(BackupStorage storage, Set<Long> held, Instant now) {
        String prefix = storage.location().directory() + "/";
        return storage.store().listMultipartUploads(prefix).stream()
                .filter(u -> {
                    String name = u.key().substring(prefix.length());
                    Matcher snapshot = SNAPSHOT_NAME.matcher(name);
                    // an SST copy is never resumed from its upload (a restart copies the SST again)
                    return snapshot.matches() ? !held.contains(Long.parseLong(snapshot.group(1))) : COPIED_SST_NAME.matcher(name).matches();
                })
                .filter(u -> u.initiated() != null && u.initiated().isBefore(now.minus(MIN_AGE)))
                .toList();
    }

    /**
     * Copied SST objects directly in the location's {@code ssts/} that its index does not name,
     * older than {@link #MIN_AGE}, sparing the SST ids in {@code heldSsts} (restartable copying
     * runs write an SST before they index it) and any a manifest entry lists. Nothing when the
     * index itself is missing: a lost index must not turn every copy into an orphan.
     */
    public static List<StoredObject> unindexedSsts(BackupStorage storage, Set<Long> heldSsts, Instant now) {
        if (storage.store().head(storage.key(SstStore.INDEX)).isEmpty()) {
            return List.of();
        }
        // the ids only: the index's hashes and references need not stay in memory during a long listing
        Set<Long> kept = new HashSet<>(new SstStore(storage).readIndex().ssts().keySet());
        kept.addAll(heldSsts);
        for (SnapshotMetadata entry : storage.readManifest().snapshotMetadata()) {
            kept.addAll(entry.ssts());
        }
        String prefix = storage.key(SstStore.DIRECTORY) + "/";
        return storage.store().list(prefix).stream()
                .filter(o -> {
                    Matcher name = COPIED_SST_FILE.matcher(o.key().substring(prefix.length()));
                    if (!name.matches()) {
                        return false;
                    }
                    try {
                        return !kept.contains(Long.parseLong(name.group(1)));
                    } catch (NumberFormatException tooLarge) {
                        return false;
                    }
                })
                .filter(o -> o.lastModified() != null && o.lastModified().isBefore(now.minus(MIN_AGE)))
                .toList();
    }

    /** The objects a sweep at {@code now} removes, sparing the ids in {@code held}. */
    public static List<StoredObject> orphans(BackupStorage storage, Set<Long> held, Instant now) {
        Set<Long> committed = new HashSet<>(storage.readManifest().ids());
        String prefix = storage.location().directory() + "/";
        return storage.store().list(prefix).stream()
                .filter(o -> {
                    Matcher name = SNAPSHOT_NAME.matcher(o.key().substring(prefix.length()));
                    if (!name.matches()) {
                        return false;
                    }
                    long id = Long.parseLong(name.group(1));
                    return !committed.contains(id) && !held.contains(id);
                })
                .filter(o -> o.lastModified() != null && o.lastModified().isBefore(now.minus(MIN_AGE)))
                .toList();
    }
}
