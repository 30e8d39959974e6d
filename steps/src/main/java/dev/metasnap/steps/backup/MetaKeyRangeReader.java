package dev.metasnap.steps.backup;

import dev.metasnap.config.MetaKeys;
import dev.metasnap.core.etcd.EtcdAccessException;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyPager;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads every key of a range at one revision, page by page with the next page prefetched,
 * skipping keys attached to a lease and the meta leader election keys (RisingWave attaches
 * those to a lease; one written without a lease is still never part of a snapshot). Restart contract: resumes just after the last key handed
 * out, if the revision is the same; a new revision starts from the first key.
 */
public final class MetaKeyRangeReader implements ItemStreamReader<MetaEntry> {

    static final String LAST_KEY = "meta-key-reader.last-key";
    static final String REVISION = "meta-key-reader.revision";
    static final String SKIPPED = "meta-key-reader.ephemeral-skipped";

    private final Supplier<EtcdGateway> connect;
    private final KeyRange fullRange;
    private final long revision;
    private final int firstPageKeys;
    private final long pageBytes;
    private final Deque<MetaEntry> page = new ArrayDeque<>();
    private EtcdGateway etcd;
    private KeyPager pager;
    private boolean exhausted;
    private byte[] lastKey;
    private long ephemeralSkipped;
    private byte[] electionPrefix;

    public MetaKeyRangeReader(Supplier<EtcdGateway> connect, KeyRange range, long revision, int firstPageKeys, long pageBytes) {
        this.connect = connect;
        this.fullRange = range;
        this.revision = revision;
        this.firstPageKeys = firstPageKeys;
        this.pageBytes = pageBytes;
    }

    /** Drops the resume point, so the next open reads from the first key. */
    static void forget(ExecutionContext context) {
        context.remove(REVISION);
        context.remove(LAST_KEY);
        context.remove(SKIPPED);
    }

    @Override
    public void open(ExecutionContext context) {
        etcd = connect.get();
        byte[] root = java.util.Arrays.equals(fullRange.start(), new byte[] {0}) ? new byte[0] : fullRange.start();
        electionPrefix = (new String(root, java.nio.charset.StandardCharsets.UTF_8) + MetaKeys.LEADER_ELECTION)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        KeyRange start = fullRange;
        if (context.getLong(REVISION, -1) == revision && context.containsKey(LAST_KEY)) {
            lastKey = Base64.getDecoder().decode(context.getString(LAST_KEY));
            start = fullRange.after(lastKey);
            ephemeralSkipped = context.getLong(SKIPPED, 0);
        }
        pager = new KeyPager(etcd, start, revision, firstPageKeys, pageBytes, KeyPager.MAX_PAGE_KEYS, true);
    }

    @Override
    public MetaEntry read() {
        while (true) {
            if (page.isEmpty()) {
                if (exhausted) {
                    return null;
                }
                List<MetaEntry> next = nextPage();
                exhausted = next.isEmpty();
                page.addAll(next);
                continue;
            }
            MetaEntry next = page.poll();
            if (next.isEphemeral() || java.util.Arrays.equals(next.key(), 0, Math.min(next.key().length, electionPrefix.length),
                    electionPrefix, 0, electionPrefix.length)) {
                ephemeralSkipped++;
                continue;
            }
            lastKey = next.key();
            return next;
        }
    }

    private List<MetaEntry> nextPage() {
        try {
            return pager.next();
        } catch (EtcdAccessException e) {
            if (e.reason() == EtcdAccessException.Reason.COMPACTED) {
                throw new EtcdAccessException(EtcdAccessException.Reason.COMPACTED, "etcd compacted revision " + revision
                        + " while the keys were being exported; restart the job ('metasnap jobs restart ID') to take the"
                        + " snapshot again at a new revision", e);
            }
            throw e;
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
        if (pager != null) {
            pager.close();
            pager = null;
        }
        if (etcd != null) {
            etcd.close();
            etcd = null;
        }
    }
}
