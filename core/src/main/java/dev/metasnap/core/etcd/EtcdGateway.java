package dev.metasnap.core.etcd;

import java.util.List;
import java.util.Optional;

/**
 * Every etcd call metasnap makes. Implementations own futures and timeouts and throw
 * {@link EtcdAccessException} with a message an operator can act on.
 */
public interface EtcdGateway extends AutoCloseable {

    String describe();

    /** The cluster's current revision. */
    long currentRevision();

    /**
     * Reads up to {@code limit} keys of {@code range} at {@code revision} (0: latest), in key
     * order, without asking the server to sort.
     */
    KeyPage range(KeyRange range, long revision, int limit);

    /** Number of keys in the range at the latest revision. */
    long count(KeyRange range);

    Optional<byte[]> get(String key);

    void put(String key, byte[] value);

    /** Writes all entries in one transaction. */
    void putAll(List<MetaEntry> entries);

    /** Writes all entries in one transaction that succeeds only if none of the keys exists; returns false otherwise. */
    boolean putAllIfAbsent(List<MetaEntry> entries);

    void delete(String key);

    long deleteRange(KeyRange range);

    long grantLease(long ttlSeconds);

    void putWithLease(String key, byte[] value, long leaseId);

    void keepAliveOnce(long leaseId);

    void revokeLease(long leaseId);

    void compact(long revision);

    @Override
    void close();
}
