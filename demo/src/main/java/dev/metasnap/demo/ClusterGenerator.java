package dev.metasnap.demo;

import dev.metasnap.config.Epoch;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.config.ProstIds;
import dev.metasnap.config.SystemParam;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.hummock.HummockStorage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates and evolves a cluster in RisingWave v1.x's layout (docs/cluster-layout.md) in a real etcd
 * and hummock storage: system params, cluster id, catalog keys under prost-encoded ids, 8-byte id
 * generators, a lease-attached leader key, a protobuf hummock checkpoint with a delta log, and SST
 * objects. Not thread-safe: one generator drives one cluster.
 */
public final class ClusterGenerator {

    public static final String LEADER_KEY = "__meta_election_/leader";
    static final String[] CATALOG_FAMILIES = {
        "cf/catalog_database", "cf/catalog_schema", "cf/catalog_table", "cf/catalog_source", "cf/catalog_sink",
        "cf/catalog_index", "cf/catalog_view", "cf/catalog_function", "cf/user_info", "cf/table_fragments"
    };
    static final int SST_BYTES = 256;
    private static final int TXN_OPS = 128;
    /** Bulk catalog keys take ids from here, far above the tables'. */
    private static final long BULK_IDS = 1_000_000;
    private static final int WRITERS = 4;
    private static final List<String> ID_CATEGORIES = List.of("database", "schema", "table", "fragment", "actor", "user");

    private final EtcdGateway etcd;
    private final HummockStorage hummock;
    private final String root;
    private final Random random;
    private final AtomicLong objectIds = new AtomicLong(1);
    private RisingWaveHistory history;
    private int sstBytes = SST_BYTES;
    private long maxCommittedEpoch;
    private long lastEpochMillis;
    private long catalogIds;
    private long leaseId;

    public ClusterGenerator(EtcdGateway etcd, HummockStorage hummock, String rootPrefix, long seed) {
        this.etcd = etcd;
        this.hummock = hummock;
        this.root = rootPrefix;
        this.random = new Random(seed);
    }

    /** The size of every SST object written from now on (benchmarks use SSTs of megabytes). */
    public ClusterGenerator sstBytes(int bytes) {
        if (bytes < 1) {
            throw new dev.metasnap.config.InvalidSettingException("SST size must be at least 1 byte: " + bytes);
        }
        this.sstBytes = bytes;
        return this;
    }

    /**
     * Continues a cluster this generator (or another) created: its version is read back from the
     * checkpoint and the delta log, and epochs go on from there.
     */
    public void resume() {
        RisingWaveHistory resumed = RisingWaveHistory.resume(etcd, hummock, root, random, objectIds, this::writeSst, () -> sstBytes);
        history = resumed;
        maxCommittedEpoch = resumed.maxCommittedEpoch();
        lastEpochMillis = Math.max(lastEpochMillis, new Epoch(maxCommittedEpoch).physicalTime().toEpochMilli());
    }

    /** Writes a whole new cluster; the etcd prefix and the hummock directory should be empty. */
    public void create(ClusterShape shape, String stateStoreUrl) {
        String clusterId = new UUID(random.nextLong(), random.nextLong()).toString();
        List<MetaEntry> base = new ArrayList<>();
        base.add(param(SystemParam.STATE_STORE, stateStoreUrl.startsWith("hummock+") ? stateStoreUrl : "hummock+" + stateStoreUrl));
        base.add(param(SystemParam.DATA_DIRECTORY, hummock.location().directory()));
        base.add(param("barrier_interval_ms", "1000"));
        base.add(param("checkpoint_frequency", "1"));
        base.add(param("sstable_size_mb", "256"));
        base.add(param("block_size_kb", "64"));
        base.add(param("bloom_false_positive", "0.001"));
        base.add(MetaEntry.of(root + MetaKeys.CLUSTER_ID, clusterId));
        for (String category : ID_CATEGORIES) {
            long next = 1000L * (1 + random.nextInt(10));
            base.add(new MetaEntry(key(MetaKeys.DEFAULT_CF + category + "_id_next_generator"),
                    ByteBuffer.allocate(Long.BYTES).putLong(next).array(), 0));
        }
        for (int t = 0; t < shape.tables(); t++) {
            for (String family : CATALOG_FAMILIES) {
                base.add(new MetaEntry(catalogKey(family, ++catalogIds), bytes(shape.valueBytes()), 0));
            }
        }
        writeAll(base);
        writeBulk(shape);
        hummock.write(HummockStorage.CLUSTER_ID, clusterId.getBytes(StandardCharsets.UTF_8));

        history = new RisingWaveHistory(etcd, hummock, root, random, objectIds, this::writeSst, () -> sstBytes, shape.tables());
        long epoch = nextEpoch();
        maxCommittedEpoch = epoch;
        history.create(epoch);
        for (int i = 0; i < shape.initialDeltas(); i++) {
            commitEpoch();
        }
        leaseId = etcd.grantLease(60);
        etcd.putWithLease(root + LEADER_KEY, ("meta-" + clusterId).getBytes(StandardCharsets.UTF_8), leaseId);
    }

    private void writeBulk(ClusterShape shape) {
        if (shape.bulkKeys() == 0) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> batches = new ArrayList<>();
            List<MetaEntry> batch = new ArrayList<>(TXN_OPS);
            for (int i = 0; i < shape.bulkKeys(); i++) {
                String family = CATALOG_FAMILIES[i % CATALOG_FAMILIES.length];
                batch.add(new MetaEntry(catalogKey(family, BULK_IDS + i), bytes(shape.valueBytes()), 0));
                if (batch.size() == TXN_OPS || i == shape.bulkKeys() - 1) {
                    List<MetaEntry> toWrite = batch;
                    batches.add(pool.submit(() -> etcd.putAll(toWrite)));
                    batch = new ArrayList<>(TXN_OPS);
                    if (batches.size() >= WRITERS * 4) {
                        awaitAll(batches);
                    }
                }
            }
            awaitAll(batches);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitAll(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while writing keys", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        futures.clear();
    }

    /** One streaming epoch: new SSTs, sometimes compaction, and deltas in etcd. */
    public void commitEpoch() {
        long safe = maxCommittedEpoch;
        maxCommittedEpoch = nextEpoch();
        history.commitEpoch(maxCommittedEpoch, safe);
    }

    /** A checkpoint of the delta log, as the meta node writes one periodically. */
    public void checkpoint() {
        history.checkpoint();
    }

    /** Catalog churn: a new table, a changed one, and sometimes a dropped one. */
    public void churnCatalog() {
        String family = CATALOG_FAMILIES[random.nextInt(CATALOG_FAMILIES.length)];
        etcd.putAll(List.of(new MetaEntry(catalogKey(family, ++catalogIds), bytes(64), 0)));
        long changed = 1 + random.nextInt((int) catalogIds);
        etcd.putAll(List.of(new MetaEntry(catalogKey(CATALOG_FAMILIES[(int) (changed % CATALOG_FAMILIES.length)], changed), bytes(64), 0)));
        if (random.nextInt(4) == 0) {
            etcd.deleteRange(KeyRange.single(catalogKey(CATALOG_FAMILIES[random.nextInt(CATALOG_FAMILIES.length)], 1 + random.nextInt((int) catalogIds))));
        }
    }

    public void keepLeaderAlive() {
        if (leaseId != 0) {
            etcd.keepAliveOnce(leaseId);
        }
    }

    /** One tick of a live cluster: an epoch, catalog churn, and every {@code checkpointEvery} ticks a checkpoint. */
    public void tick(long tick, int checkpointEvery) {
        commitEpoch();
        churnCatalog();
        if (tick % checkpointEvery == 0) {
            checkpoint();
        }
        if (tick % 20 == 0) {
            keepLeaderAlive();
        }
    }

    private long nextEpoch() {
        long now = Math.max(Instant.now().toEpochMilli(), lastEpochMillis + 1);
        lastEpochMillis = now;
        return Epoch.at(Instant.ofEpochMilli(now)).value();
    }

    private void writeSst(long objectId) {
        hummock.store().put(hummock.sstKey(HummockLayouts.RISINGWAVE, objectId), bytes(sstBytes));
    }

    private byte[] catalogKey(String family, long id) {
        byte[] prefix = key(family + "/");
        byte[] suffix = ProstIds.encode(id);
        byte[] k = java.util.Arrays.copyOf(prefix, prefix.length + suffix.length);
        System.arraycopy(suffix, 0, k, prefix.length, suffix.length);
        return k;
    }

    private MetaEntry param(String name, String value) {
        return MetaEntry.of(root + MetaKeys.SYSTEM_PARAMS + name, value);
    }

    private byte[] key(String relative) {
        return (root + relative).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private void writeAll(List<MetaEntry> entries) {
        for (int i = 0; i < entries.size(); i += TXN_OPS) {
            etcd.putAll(entries.subList(i, Math.min(entries.size(), i + TXN_OPS)));
        }
    }

    public long versionId() {
        return history.versionId();
    }

    /** The SST object ids of a version this generator wrote (empty for an unknown version). */
    public java.util.SortedSet<Long> objectIdsAt(long versionId) {
        return history.objectIdsByVersion().getOrDefault(versionId, new java.util.TreeSet<>());
    }
}
