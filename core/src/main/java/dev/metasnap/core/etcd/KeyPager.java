package dev.metasnap.core.etcd;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a key range at one revision page by page, in key order, sizing each page to about
 * {@code targetPageBytes} from the sizes seen so far, optionally reading the next page while the
 * caller works on the current one.
 *
 * <p>Pages are read inside bounded windows. etcd 3.4 counts every key from a request's start to
 * its range end, so plain paging to the end of a large range is quadratic (measured: 1M keys
 * took 31 s in 5,000-key pages). After the first page the pager treats keys as numbers (their
 * first {@value #KEY_WIDTH} bytes), guesses how wide a window holds about one page of keys from
 * what it has read, and asks etcd only for that window; empty windows widen the next one, full
 * ones narrow it. Every key is still returned exactly once and in order.
 */
public final class KeyPager implements AutoCloseable {

    public static final long DEFAULT_PAGE_BYTES = 4L * 1024 * 1024;
    public static final int MAX_PAGE_KEYS = 50_000;
    static final int KEY_WIDTH = 64;
    private static final BigInteger KEY_SPACE = BigInteger.ONE.shiftLeft(8 * KEY_WIDTH);
    private static final BigInteger MAX_ADAPT = BigInteger.valueOf(16);

    private final EtcdGateway etcd;
    private final long revision;
    private final long targetPageBytes;
    private final int maxKeys;
    private final byte[] rangeEnd;
    private final ExecutorService prefetcher;
    private byte[] cursor;
    private byte[] windowEnd;
    private boolean lastWindow;
    private BigInteger span;
    private long windowKeys;
    private int limit;
    private boolean exhausted;
    private Future<KeyPage> ahead;

    public KeyPager(EtcdGateway etcd, KeyRange range, long revision, int firstPageKeys, long targetPageBytes, int maxKeys, boolean prefetch) {
        this.etcd = etcd;
        this.cursor = range.start();
        this.rangeEnd = range.end();
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

    /** The next page (never empty), or an empty list after the last key. */
    public List<MetaEntry> next() {
        while (!exhausted) {
            List<MetaEntry> entries = step();
            if (!entries.isEmpty()) {
                return entries;
            }
        }
        return List.of();
    }

    private List<MetaEntry> step() {
        KeyPage page = ahead != null ? awaitAhead() : etcd.range(new KeyRange(cursor, currentEnd()), revision, limit);
        ahead = null;
        List<MetaEntry> entries = page.entries();
        windowKeys += entries.size();
        if (!entries.isEmpty()) {
            limit = nextLimit(entries);
        }
        if (page.more() && !entries.isEmpty()) {
            if (span == null && entries.size() > 1) {
                span = learnSpan(entries);
            }
            cursor = after(entries.get(entries.size() - 1).key());
            if (windowEnd == null && span != null) {
                openWindow();
            }
        } else if (windowEnd == null || lastWindow) {
            exhausted = true;
        } else {
            adaptSpan();
            cursor = windowEnd;
            openWindow();
        }
        if (!exhausted && prefetcher != null) {
            KeyRange from = new KeyRange(cursor, currentEnd());
            int size = limit;
            ahead = prefetcher.submit(() -> etcd.range(from, revision, size));
        }
        return entries;
    }

    private byte[] currentEnd() {
        return windowEnd != null ? windowEnd : rangeEnd;
    }

    /** The next window: from the cursor, {@code span} wide, cut at the range end. */
    private void openWindow() {
        windowKeys = 0;
        BigInteger end = number(cursor).add(span);
        byte[] endKey = end.compareTo(KEY_SPACE) >= 0 ? null : key(end);
        boolean unbounded = rangeEnd.length == 1 && rangeEnd[0] == 0;
        if (endKey == null || (!unbounded && Arrays.compareUnsigned(endKey, rangeEnd) >= 0)) {
            windowEnd = rangeEnd;
            lastWindow = true;
        } else {
            windowEnd = endKey;
        }
    }

    /** Aims the next window at about one page of keys, changing the width at most 16-fold at a time. */
    private void adaptSpan() {
        if (windowKeys == 0) {
            span = span.multiply(MAX_ADAPT);
            return;
        }
        BigInteger scaled = span.multiply(BigInteger.valueOf(limit)).divide(BigInteger.valueOf(windowKeys));
        BigInteger low = span.divide(MAX_ADAPT);
        BigInteger high = span.multiply(MAX_ADAPT);
        span = scaled.max(low).min(high).max(BigInteger.ONE);
    }

    /** The key distance one page of keys covered. */
    private BigInteger learnSpan(List<MetaEntry> entries) {
        BigInteger distance = number(entries.get(entries.size() - 1).key()).subtract(number(entries.get(0).key()));
        return distance.multiply(BigInteger.valueOf(limit)).divide(BigInteger.valueOf(entries.size() - 1)).max(BigInteger.ONE);
    }

    /** A key's first KEY_WIDTH bytes as an unsigned number (shorter keys padded with zero bytes). */
    static BigInteger number(byte[] key) {
        return new BigInteger(1, Arrays.copyOf(key, KEY_WIDTH));
    }

    /** The KEY_WIDTH-byte key of a number; greater than every key whose number is smaller. */
    static byte[] key(BigInteger number) {
        byte[] minimal = number.toByteArray();
        byte[] fixed = new byte[KEY_WIDTH];
        int copy = Math.min(minimal.length, KEY_WIDTH);
        System.arraycopy(minimal, minimal.length - copy, fixed, KEY_WIDTH - copy, copy);
        return fixed;
    }

    private static byte[] after(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
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
