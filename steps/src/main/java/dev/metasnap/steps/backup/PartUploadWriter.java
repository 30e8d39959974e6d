package dev.metasnap.steps.backup;

import dev.metasnap.core.format.SnapshotObjectSource;
import dev.metasnap.core.store.CompletedPart;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.PartContent;
import dev.metasnap.core.store.StoreUnavailableException;
import dev.metasnap.steps.run.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Uploads the parts of a chunk in parallel, each streamed straight from the local pieces, so no
 * part is held in memory. Restart contract: every part it finished is
 * recorded in the {@link UploadSession} at once and found again in the store on a restart.
 */
public final class PartUploadWriter implements ItemStreamWriter<Integer> {

    /** Longer than the store's own call timeout, so the store's error, not this one, names a stalled call. */
    static final Duration CHUNK_TIMEOUT = Duration.ofMinutes(15);

    private final UploadSession session;
    private final SnapshotObjectSource source;
    private final int concurrency;
    private ExecutorService pool;

    public PartUploadWriter(UploadSession session, SnapshotObjectSource source, int concurrency) {
        this.session = session;
        this.source = source;
        this.concurrency = concurrency;
    }

    @Override
    public void open(ExecutionContext context) {
        pool = Workers.pool(concurrency, "metasnap-upload");
    }

    @Override
    public void write(Chunk<? extends Integer> chunk) throws Exception {
        // the session is a step-scoped proxy: read it here, on the step's thread, never in the pool
        ObjectStore store = session.storage().store();
        String key = session.key();
        String uploadId = session.uploadId();
        List<Future<CompletedPart>> uploads = new ArrayList<>();
        for (Integer partNumber : chunk.getItems()) {
            long offset = session.partOffset(partNumber);
            int length = session.partLength(partNumber);
            PartContent content = new PartContent() {
                @Override
                public long length() {
                    return length;
                }

                @Override
                public java.io.InputStream open() {
                    return source.open(offset, length);
                }
            };
            uploads.add(pool.submit(() -> new CompletedPart(partNumber, store.uploadPart(key, uploadId, partNumber, content), length)));
        }
        Exception failure = null;
        long deadline = System.nanoTime() + CHUNK_TIMEOUT.toNanos();
        for (Future<CompletedPart> f : uploads) {
            try {
                session.record(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                uploads.forEach(u -> u.cancel(true));
                throw new StoreUnavailableException(StoreUnavailableException.Reason.UNREACHABLE, "part uploads of " + key
                        + " did not finish within " + CHUNK_TIMEOUT + "; restart the job ('metasnap jobs restart ID') to send the rest", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
            pool = null;
        }
    }
}
