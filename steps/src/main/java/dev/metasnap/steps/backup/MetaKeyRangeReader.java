package dev.metasnap.steps.backup;

import dev.metasnap.steps.etcd.EtcdAccessException;
import dev.metasnap.steps.etcd.EtcdGateway;
import dev.metasnap.steps.etcd.KeyPage;
import dev.metasnap.steps.etcd.KeyRange;
import dev.metasnap.steps.etcd.MetaEntry;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads every key of a range at one revision in pages, skipping keys attached to a lease. The
 * next page is fetched while the current one is written, so etcd and compression overlap.
 * Restart contract: resumes just after the last key handed out, if the revision is the same;
 * a new revision starts from the first key.
 */
public final class MetaKeyRangeReader implements ItemStreamReader<MetaEntry> {

    static final String LAST_KEY = "meta-key-reader.last-key";
    static final String REVISION = "meta-key-reader.revision";
    static final String SKIPPED = "meta-key-reader.ephemeral-skipped";

    private final Supplier<EtcdGateway> connect;
    private final KeyRange fullRange;
    private final long revision;
    private final int pageSize;
    private final Deque<MetaEntry> page = new ArrayDeque<>();
    private EtcdGateway etcd;
    private ExecutorService prefetcher;
    private Future<KeyPage> nextPage;
    private KeyRange remaining;
    private boolean exhausted;
    private byte[] lastKey;
    private long ephemeralSkipped;

    public MetaKeyRangeReader(Supplier<EtcdGateway> connect, KeyRange range, long revision, int pageSize) {
        this.connect = connect;
        this.fullRange = range;
        this.revision = revision;
        this.pageSize = pageSize;
    }

    @Override
    public void open(ExecutionContext context) {
        etcd = connect.get();
        prefetcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metasnap-prefetch");
            t.setDaemon(true);
            return t;
        });
        remaining = fullRange;
        if (context.getLong(REVISION, -1) == revision && context.containsKey(LAST_KEY)) {
            lastKey = Base64.getDecoder().decode(context.getString(LAST_KEY));
            remaining = fullRange.after(lastKey);
            ephemeralSkipped = context.getLong(SKIPPED, 0);
        }
    }

    @Override
    public MetaEntry read() {
        while (true) {
            if (page.isEmpty()) {
                if (exhausted) {
                    return null;
                }
                fill();
                continue;
            }
            MetaEntry next = page.poll();
            if (next.isEphemeral()) {
                ephemeralSkipped++;
                continue;
            }
            lastKey = next.key();
            return next;
        }
    }

    private void fill() {
        KeyPage next;
        try {
            next = nextPage != null ? awaitPrefetched() : etcd.range(remaining, revision, pageSize);
            nextPage = null;
        } catch (EtcdAccessException e) {
            if (e.reason() == EtcdAccessException.Reason.COMPACTED) {
                throw new EtcdAccessException(EtcdAccessException.Reason.COMPACTED, "etcd compacted revision " + revision
                        + " while the keys were being exported; restart the job ('metasnap jobs restart ID') to take the"
                        + " snapshot again at a new revision", e);
            }
            throw e;
        }
        page.addAll(next.entries());
        if (!next.more() || next.entries().isEmpty()) {
            exhausted = true;
        } else {
            remaining = remaining.after(next.entries().get(next.entries().size() - 1).key());
            KeyRange ahead = remaining;
            nextPage = prefetcher.submit(() -> etcd.range(ahead, revision, pageSize));
        }
    }

    private KeyPage awaitPrefetched() {
        try {
            return nextPage.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading keys", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(REVISION, revision);
        context.putLong(SKIPPED, ephemeralSkipped);
        if (lastKey != null) {
            context.putString(LAST_KEY, Base64.getEncoder().encodeToString(lastKey));
        }
    }

    @Override
    public void close() {
        if (prefetcher != null) {
            prefetcher.shutdownNow();
            prefetcher = null;
            nextPage = null;
        }
        if (etcd != null) {
            etcd.close();
            etcd = null;
        }
    }
}
