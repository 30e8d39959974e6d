package dev.metasnap.core.etcd;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a real gateway; fails range reads of the whole keyspace once a page budget is spent. */
public final class FaultInjectingEtcdGateway implements EtcdGateway {

    /** Shared between the gateways one test opens. */
    public static final class Faults {
        private final AtomicInteger pagesBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
        private final java.util.concurrent.atomic.AtomicLong keysRead = new java.util.concurrent.atomic.AtomicLong();
        private final AtomicInteger putAllsBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
        private final java.util.concurrent.atomic.AtomicBoolean loseNextDeleteAnswer = new java.util.concurrent.atomic.AtomicBoolean();

        /** The next single-key delete takes effect, but its caller sees a failure (a lost response, or a kill right after it). */
        public Faults loseNextDeleteAnswer() {
            loseNextDeleteAnswer.set(true);
            return this;
        }

        public Faults failPagesAfter(int pages) {
            pagesBeforeFailure.set(pages);
            return this;
        }

        public Faults failBatchWritesAfter(int batches) {
            putAllsBeforeFailure.set(batches);
            return this;
        }

        public Faults heal() {
            pagesBeforeFailure.set(Integer.MAX_VALUE);
            putAllsBeforeFailure.set(Integer.MAX_VALUE);
            return this;
        }

        /** Keys returned by page-sized reads. */
        public long keysRead() {
            return keysRead.get();
        }
    }

    private final EtcdGateway delegate;
    private final Faults faults;

    public FaultInjectingEtcdGateway(EtcdGateway delegate, Faults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    public static EtcdGateways wrapping(EtcdGateways real, Faults faults) {
        return settings -> new FaultInjectingEtcdGateway(real.connect(settings), faults);
    }

    @Override
    public KeyPage range(KeyRange range, long revision, int limit) {
        // only the export's page-sized reads count; small look-ups (params, cluster id) pass
        if (limit > 1000) {
            if (faults.pagesBeforeFailure.getAndDecrement() <= 0) {
                throw new EtcdAccessException(EtcdAccessException.Reason.UNAVAILABLE, "injected failure reading a page of keys", null);
            }
            KeyPage page = delegate.range(range, revision, limit);
            faults.keysRead.addAndGet(page.entries().size());
            return page;
        }
        return delegate.range(range, revision, limit);
    }

    @Override
    public void putAll(List<MetaEntry> entries) {
        if (faults.putAllsBeforeFailure.getAndDecrement() <= 0) {
            throw new EtcdAccessException(EtcdAccessException.Reason.UNAVAILABLE, "injected failure writing " + entries.size() + " keys", null);
        }
        delegate.putAll(entries);
    }

    @Override
    public boolean putAllIfAbsent(List<MetaEntry> entries) {
        if (faults.putAllsBeforeFailure.getAndDecrement() <= 0) {
            throw new EtcdAccessException(EtcdAccessException.Reason.UNAVAILABLE, "injected failure writing " + entries.size() + " keys", null);
        }
        return delegate.putAllIfAbsent(entries);
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public long currentRevision() {
        return delegate.currentRevision();
    }

    @Override
    public long count(KeyRange range) {
        return delegate.count(range);
    }

    @Override
    public Optional<byte[]> get(String key) {
        return delegate.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
        delegate.put(key, value);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
        if (faults.loseNextDeleteAnswer.compareAndSet(true, false)) {
            throw new EtcdAccessException(EtcdAccessException.Reason.UNAVAILABLE, "injected lost response after deleting " + key, null);
        }
    }

    @Override
    public long deleteRange(KeyRange range) {
        return delegate.deleteRange(range);
    }

    @Override
    public long grantLease(long ttlSeconds) {
        return delegate.grantLease(ttlSeconds);
    }

    @Override
    public void putWithLease(String key, byte[] value, long leaseId) {
        delegate.putWithLease(key, value, leaseId);
    }

    @Override
    public void keepAliveOnce(long leaseId) {
        delegate.keepAliveOnce(leaseId);
    }

    @Override
    public void revokeLease(long leaseId) {
        delegate.revokeLease(leaseId);
    }

    @Override
    public void compact(long revision) {
        delegate.compact(revision);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
