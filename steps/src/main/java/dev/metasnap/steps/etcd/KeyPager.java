package dev.metasnap.steps.etcd;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a key range at one revision page by page, in key order, sizing each page to about
 * {@code targetPageBytes} from the sizes seen so far. Large pages matter: etcd 3.4 counts every
 * key from a page's start to the range end on every request, so small pages make a full read
 * quadratic (measured: 1M keys took 31 s with 5,000-key pages, 6 s with 50,000). With
 * prefetching, the next page is read while the caller works on the current one.
 */
public final class KeyPager implements AutoCloseable {

    public static final long DEFAULT_PAGE_BYTES = 8L * 1024 * 1024;
    public static final int MAX_PAGE_KEYS = 50_000;

    private final EtcdGateway etcd;
    private final long revision;
    private final long targetPageBytes;
    private final int maxKeys;
    private final ExecutorService prefetcher;
    private KeyRange remaining;
    private int limit;
    private boolean exhausted;
    private Future<KeyPage> ahead;

    public KeyPager(EtcdGateway etcd, KeyRange range, long revision, int firstPageKeys, long targetPageBytes, int maxKeys, boolean prefetch) {
        this.etcd = etcd;
        this.remaining = range;
        this.revision = revision;
        this.limit = Math.max(1, Math.min(firstPageKeys, maxKeys));
        this.targetPageBytes = targetPageBytes;
        this.maxKeys = maxKeys;
        this.prefetcher = prefetch ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metasnap-prefetch");
            t.setDaemon(true);
            return t;
        }) : null;
    }

    /** A pager without prefetching and with default sizes, for short reads. */
    public static KeyPager simple(EtcdGateway etcd, KeyRange range, long revision) {
        return new KeyPager(etcd, range, revision, 1_000, DEFAULT_PAGE_BYTES, MAX_PAGE_KEYS, false);
    }

    /** The next page, or an empty list after the last key. */
    public List<MetaEntry> next() {
        if (exhausted) {
            return List.of();
        }
        KeyPage page = ahead != null ? awaitAhead() : etcd.range(remaining, revision, limit);
        ahead = null;
        List<MetaEntry> entries = page.entries();
        if (!page.more() || entries.isEmpty()) {
            exhausted = true;
            return entries;
        }
        remaining = remaining.after(entries.get(entries.size() - 1).key());
        limit = nextLimit(entries);
        if (prefetcher != null) {
            KeyRange from = remaining;
            int size = limit;
            ahead = prefetcher.submit(() -> etcd.range(from, revision, size));
        }
        return entries;
    }

    private int nextLimit(List<MetaEntry> entries) {
        long bytes = 0;
        for (MetaEntry e : entries) {
            bytes += e.key().length + e.value().length;
        }
        long average = Math.max(1, bytes / entries.size());
        return (int) Math.max(1, Math.min(maxKeys, targetPageBytes / average));
    }

    private KeyPage awaitAhead() {
        try {
            return ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading keys", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (prefetcher != null) {
            prefetcher.shutdownNow();
        }
    }
}
