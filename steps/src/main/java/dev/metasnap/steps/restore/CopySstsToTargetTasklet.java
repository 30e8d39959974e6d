package dev.metasnap.steps.restore;

import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.hummock.HummockLayout;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.restore.RestorePreflight;
import dev.metasnap.core.restore.RestoreRefusedException;
import dev.metasnap.core.ssts.SstCopier;
import dev.metasnap.core.ssts.SstIndex;
import dev.metasnap.core.ssts.SstIndexEntry;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.steps.run.JobRun;
import dev.metasnap.steps.run.Workers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * With {@code restore --copy-ssts}: copies a self-contained snapshot's SSTs from backup storage
 * into the target hummock location, at the paths the cluster's layout uses there (the crc32
 * prefix on S3 for RisingWave), then checks that every pinned SST is there with its size.
 * Restart contract: re-runs; an SST already in the target with its recorded size is not copied
 * again (objects appear whole or not at all).
 */
public final class CopySstsToTargetTasklet implements Tasklet {

    static final int CONCURRENCY = 4;
    private static final Duration COPY_TIMEOUT = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(CopySstsToTargetTasklet.class);

    private final Connections connections;
    private final Path workRoot;

    public CopySstsToTargetTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        JobRun run = JobRun.of(chunkContext, workRoot);
        if (!run.flag(JobParameterNames.RESTORE_COPY_SSTS)) {
            return RepeatStatus.FINISHED;
        }
        BackupStorage backup = run.openStorage(connections);
        HummockStorage target = run.openHummock(connections);
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try (var from = backup.store(); var to = target.store()) {
            SnapshotMetadata entry = RestorePreflight.snapshot(backup, run.requestedSnapshotId());
            RestorePreflight.requireSelfContained(entry);
            SstStore ssts = new SstStore(backup);
            SstIndex index = ssts.readIndex();
            HummockLayout layout = HummockLayouts.named(entry.hummockLayout());
            List<Future<Long>> copies = new ArrayList<>();
            for (long id : entry.ssts()) {
                SstIndexEntry recorded = index.ssts().get(id);
                if (recorded == null) {
                    throw new RestoreRefusedException("SST " + id + " of snapshot " + entry.id() + " is not in the SST index of "
                            + backup.describe() + "; run 'metasnap verify " + entry.id() + " --ssts' to see what is damaged");
                }
                String key = target.sstKey(layout, id);
                copies.add(pool.submit(() -> {
                    if (to.head(key).filter(o -> o.size() == recorded.size()).isPresent()) {
                        return 0L;
                    }
                    String sha = SstCopier.copy(from, ssts.sstKey(id), recorded.size(), to, key);
                    if (!sha.equals(recorded.sha256())) {
                        to.delete(key);
                        throw new RestoreRefusedException("copied SST " + id + " reads from backup storage with SHA-256 " + sha + ", not the "
                                + recorded.sha256() + " recorded when it was backed up; it is damaged: run 'metasnap verify " + entry.id()
                                + " --ssts --read-data' and restore another snapshot");
                    }
                    return recorded.size();
                }));
            }
            long bytes = 0;
            int copied = 0;
            for (Future<Long> f : copies) {
                long n = await(f);
                bytes += n;
                copied += n > 0 ? 1 : 0;
            }
            log.info("copied {} of {} SSTs ({} bytes) of snapshot {} into {}", copied, entry.ssts().size(), bytes, entry.id(), target.location().describe());
            RestorePreflight.requirePinnedSsts(target, entry);
        } finally {
            pool.shutdownNow();
        }
        return RepeatStatus.FINISHED;
    }

    private static long await(Future<Long> f) throws Exception {
        return Workers.await(f, COPY_TIMEOUT, () -> new IllegalStateException("an SST copy took longer than 30 minutes;"
                + " restart the job ('metasnap jobs restart ID') to resume"));
    }
}
