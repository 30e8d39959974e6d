package dev.metasnap.steps.ssts;

import dev.metasnap.core.errors.PreconditionFailedException;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.hummock.HummockLayout;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.ssts.SstCopier;
import dev.metasnap.core.ssts.SstCopy;
import dev.metasnap.core.ssts.SstIndex;
import dev.metasnap.core.ssts.SstIndexEntry;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.core.store.NoSuchObjectException;
import dev.metasnap.core.store.StoredObject;
import dev.metasnap.steps.run.Workers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Copies a chunk of SSTs from hummock storage into backup storage, several at a time, then
 * records them in the SST index (one conditional write per chunk). SSTs are immutable: one the
 * index already holds is shared, never copied again; when the step resumes an earlier attempt,
 * one found in backup storage with the source's size but not yet indexed (its copy finished
 * just before a crash) is hashed where it lies and indexed, not copied again. A first attempt
 * skips that look: nothing it could find was copied by this step. An SST gone from hummock storage (the cluster's garbage
 * collector deleted it after the version was pinned) is reported and tallied as missing.
 * Restart contract: idempotent; the tally lives in the step's context and survives a restart.
 */
public final class SstCopyWriter implements ItemStreamWriter<Long> {

    static final String TALLY = "copy-ssts.tally";
    public static final String STAGE = "copying SSTs";
    private static final Logger log = LoggerFactory.getLogger(SstCopyWriter.class);
    /** One SST copy may take this long before the chunk fails (hundreds of MB on a slow link). */
    static final Duration COPY_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final boolean copying;
    private final Supplier<HummockStorage> hummock;
    private final HummockLayout layout;
    private final Supplier<SstStore> backup;
    private final int concurrency;
    private final int total;
    private final long revision;
    private final String clusterId;
    private final dev.metasnap.core.progress.ProgressSink sink;
    private HummockStorage source;
    private SstStore target;
    private ExecutorService pool;
    private Tally tally = new Tally(0, 0, 0, 0, List.of());
    private long started;
    private long lastProgress;
    private long bytesThisProcess;
    /** Whether an earlier attempt of this step may have copied SSTs it did not index. */
    private boolean resumed;

    /** The running totals of a run, as kept in the step's context. */
    record Tally(long copied, long bytesCopied, long shared, long bytesShared, List<Long> missing) {
        Tally plus(Tally t) {
            List<Long> all = new ArrayList<>(missing);
            all.addAll(t.missing());
            return new Tally(copied + t.copied, bytesCopied + t.bytesCopied, shared + t.shared, bytesShared + t.bytesShared, all);
        }
    }

    public SstCopyWriter(boolean copying, Supplier<HummockStorage> hummock, HummockLayout layout, Supplier<SstStore> backup, int concurrency, int total,
                         long revision, String clusterId, dev.metasnap.core.progress.ProgressSink sink) {
        this.sink = sink;
        this.revision = revision;
        this.clusterId = clusterId;
        this.copying = copying;
        this.hummock = hummock;
        this.layout = layout;
        this.backup = backup;
        this.concurrency = concurrency;
        this.total = total;
    }

    static SstCopy tally(ExecutionContext context) {
        Tally t = read(context);
        return new SstCopy(t.missing().isEmpty(), t.missing(), t.copied(), t.bytesCopied(), t.shared(), t.bytesShared());
    }

    private static Tally read(ExecutionContext context) {
        try {
            return Json.read(context.getString(TALLY).getBytes(StandardCharsets.UTF_8), Tally.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the copy step's tally does not parse: " + e.getMessage(), e);
        }
    }

    @Override
    public void open(ExecutionContext context) {
        // a tally saved for another hummock revision counted another SST list: start again
        if (context.containsKey(TALLY) && context.getLong(SnapshotSstReader.REVISION, -1) == revision) {
            tally = read(context);
            // a resumed copy: counts and the rate start from what the earlier attempts did
            sink.begin(STAGE, tally.copied() + tally.shared() + tally.missing().size(), total, tally.bytesCopied());
        }
        resumed = context.containsKey(TALLY) || context.containsKey(CopySstsListener.EARLIER_ATTEMPT);
        started = System.nanoTime();
        lastProgress = started;
    }

    private void connect() {
        if (source == null) {
            source = hummock.get();
            target = backup.get();
            pool = Workers.pool(concurrency, "metasnap-sst-copy");
        }
    }

    @Override
    public void write(Chunk<? extends Long> chunk) throws Exception {
        connect();
        SstIndex index = target.readIndex();
        if (index.clusterId() != null && !index.clusterId().equals(clusterId)) {
            throw new PreconditionFailedException("the copied SSTs in " + target.storage().describe() + " belong to cluster " + index.clusterId()
                    + ", not to " + clusterId + " (object ids of two clusters collide); give each cluster its own backup location for --copy-ssts");
        }
        Map<Long, Future<Outcome>> work = new TreeMap<>();
        for (long id : chunk.getItems()) {
            SstIndexEntry known = index.ssts().get(id);
            work.put(id, known != null ? java.util.concurrent.CompletableFuture.completedFuture(new Outcome(id, Kind.SHARED, known.size(), known.sha256()))
                    : pool.submit(() -> copy(id)));
        }
        Map<Long, SstIndexEntry> added = new TreeMap<>();
        Tally delta = new Tally(0, 0, 0, 0, List.of());
        for (Future<Outcome> f : work.values()) {
            Outcome o = await(f);
            switch (o.kind()) {
                case SHARED -> delta = delta.plus(new Tally(0, 0, 1, o.size(), List.of()));
                case COPIED, FOUND -> {
                    added.put(o.id(), new SstIndexEntry(o.size(), o.sha256(), List.of()));
                    delta = delta.plus(new Tally(1, o.size(), 0, 0, List.of()));
                    bytesThisProcess += o.kind() == Kind.COPIED ? o.size() : 0;
                }
                case MISSING -> delta = delta.plus(new Tally(0, 0, 0, 0, List.of(o.id())));
            }
        }
        if (!added.isEmpty()) {
            target.updateIndex(i -> i.with(added).ofCluster(clusterId));
        }
        tally = tally.plus(delta);
        sink.report(STAGE, tally.copied() + tally.shared() + tally.missing().size(), total, tally.bytesCopied());
        progress(false);
    }

    private enum Kind { SHARED, COPIED, FOUND, MISSING }

    private record Outcome(long id, Kind kind, long size, String sha256) {
    }

    private Outcome copy(long id) {
        String from = source.sstKey(layout, id);
        Optional<StoredObject> object = source.store().head(from);
        if (object.isEmpty()) {
            log.warn("SST {} ({}) is gone from {}: the cluster deleted it after the version was pinned; the snapshot will not be self-contained",
                    id, from, source.location().describe());
            return new Outcome(id, Kind.MISSING, 0, null);
        }
        long size = object.get().size();
        String to = target.sstKey(id);
        if (resumed && target.storage().store().head(to).filter(o -> o.size() == size).isPresent()) {
            return new Outcome(id, Kind.FOUND, size, SstCopier.sha256Of(target.storage().store(), to));
        }
        try {
            return new Outcome(id, Kind.COPIED, size, SstCopier.copy(source.store(), from, size, target.storage().store(), to));
        } catch (NoSuchObjectException e) {
            if (source.store().head(from).isPresent()) {
                throw e;
            }
            log.warn("SST {} disappeared from {} while it was copied: {}", id, source.location().describe(), e.getMessage());
            target.storage().store().delete(to);
            return new Outcome(id, Kind.MISSING, 0, null);
        }
    }

    private static Outcome await(Future<Outcome> f) throws Exception {
        return Workers.await(f, COPY_TIMEOUT, () -> new IllegalStateException("an SST copy took longer than " + COPY_TIMEOUT
                + "; restart the job ('metasnap jobs restart ID') to resume"));
    }

    private void progress(boolean last) {
        long now = System.nanoTime();
        if (!last && now - lastProgress < PROGRESS_EVERY.toNanos()) {
            return;
        }
        lastProgress = now;
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        long done = tally.copied() + tally.shared() + tally.missing().size();
        log.info("SSTs: {}/{} done ({} copied, {} already in backup storage, {} missing), {} MiB copied, {} MiB/s", done, total,
                tally.copied(), tally.shared(), tally.missing().size(), tally.bytesCopied() >> 20,
                String.format("%.1f", bytesThisProcess / 1048576.0 / seconds));
    }

    @Override
    public void update(ExecutionContext context) {
        if (!copying || context.containsKey(CopySstsListener.ALREADY_DONE)) {
            return;
        }
        context.putLong(SnapshotSstReader.REVISION, revision);
        context.putString(TALLY, new String(Json.write(tally), StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        if (pool != null) {
            progress(true);
            pool.shutdownNow();
            try {
                // copies in flight abort their multipart uploads; they need the stores still open
                pool.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            pool = null;
        }
        if (source != null) {
            source.store().close();
            target.storage().store().close();
            source = null;
        }
    }
}
