package dev.metasnap.demo;

import dev.metasnap.config.Epoch;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.config.SystemParam;
import dev.metasnap.steps.etcd.EtcdGateway;
import dev.metasnap.steps.etcd.KeyPager;
import dev.metasnap.steps.etcd.KeyRange;
import dev.metasnap.steps.etcd.MetaEntry;
import dev.metasnap.steps.hummock.HummockCheckpoint;
import dev.metasnap.steps.hummock.HummockCodec;
import dev.metasnap.steps.hummock.HummockDelta;
import dev.metasnap.steps.hummock.HummockStorage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Creates and evolves a RisingWave-style cluster (docs/cluster-layout.md) in a real etcd and
 * hummock storage: system params, cluster id, catalog, id generators, a lease-attached leader
 * key, a hummock checkpoint with a delta chain, and SST objects. Not thread-safe: one
 * generator drives one cluster.
 */
public final class ClusterGenerator {

    public static final String LEADER_KEY = "__meta_election_/leader";
    static final String[] CATALOG_FAMILIES = {
        "cf/catalog_database", "cf/catalog_schema", "cf/catalog_table", "cf/catalog_source", "cf/catalog_sink",
        "cf/catalog_index", "cf/catalog_view", "cf/catalog_function", "cf/user_info", "cf/table_fragments"
    };
    private static final int TXN_OPS = 128;
    private static final int WRITERS = 4;
    private static final int SST_BYTES = 256;

    private final EtcdGateway etcd;
    private final HummockStorage hummock;
    private final HummockCodec codec;
    private final String root;
    private final Random random;
    private final TreeSet<Long> ssts = new TreeSet<>();
    private long versionId;
    private long nextSstId = 1;
    private long maxCommittedEpoch;
    private long safeEpoch;
    private long lastEpochMillis;
    private long catalogIds;
    private long leaseId;

    public ClusterGenerator(EtcdGateway etcd, HummockStorage hummock, HummockCodec codec, String rootPrefix, long seed) {
        this.etcd = etcd;
        this.hummock = hummock;
        this.codec = codec;
        this.root = rootPrefix;
        this.random = new Random(seed);
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
        for (String generator : List.of("database", "schema", "table", "fragment", "actor", "user")) {
            base.add(MetaEntry.of(root + MetaKeys.DEFAULT_CF + "id_gen/" + generator, Long.toString(1000 + random.nextInt(1000))));
        }
        for (int t = 0; t < shape.tables(); t++) {
            for (String family : CATALOG_FAMILIES) {
                base.add(new MetaEntry(key(family + "/" + (++catalogIds)), bytes(shape.valueBytes()), 0));
            }
        }
        writeAll(base);
        writeBulk(shape);
        hummock.write(HummockStorage.CLUSTER_ID, clusterId.getBytes(StandardCharsets.UTF_8));

        versionId = 1;
        commitEpochFields();
        for (int i = 0; i < 4; i++) {
            ssts.add(newSst());
        }
        writeCheckpoint();
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
                batch.add(new MetaEntry(key(family + "/bulk-" + String.format("%09d", i)), bytes(shape.valueBytes()), 0));
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

    /** One streaming epoch: new SSTs, sometimes compaction removing old ones, and a delta in etcd. */
    public void commitEpoch() {
        long prev = versionId;
        commitEpochFields();
        List<Long> added = new ArrayList<>();
        added.add(newSst());
        if (random.nextInt(3) == 0) {
            added.add(newSst());
        }
        List<Long> removed = new ArrayList<>();
        if (ssts.size() > 6 && random.nextInt(2) == 0) {
            removed.add(ssts.first());
        }
        ssts.removeAll(removed);
        ssts.addAll(added);
        versionId = prev + 1;
        HummockDelta delta = new HummockDelta(versionId, prev, maxCommittedEpoch, safeEpoch, added, removed);
        etcd.put(deltaKey(versionId), codec.encodeDelta(delta));
    }

    /** Folds every delta but the newest into a new checkpoint, then deletes the folded deltas. */
    public void checkpoint() {
        List<HummockDelta> deltas = deltas();
        if (deltas.size() < 2) {
            return;
        }
        HummockDelta foldTo = deltas.get(deltas.size() - 2);
        HummockCheckpoint current = codec.decodeCheckpoint(hummock.read(HummockStorage.CHECKPOINT).orElseThrow());
        TreeSet<Long> folded = new TreeSet<>(current.ssts());
        for (HummockDelta d : deltas) {
            if (d.id() <= foldTo.id() && d.id() > current.versionId()) {
                folded.removeAll(d.sstsRemoved());
                folded.addAll(d.sstsAdded());
            }
        }
        hummock.write(HummockStorage.CHECKPOINT, codec.encodeCheckpoint(
                new HummockCheckpoint(foldTo.id(), foldTo.maxCommittedEpoch(), foldTo.safeEpoch(), List.copyOf(folded))));
        for (HummockDelta d : deltas) {
            if (d.id() <= foldTo.id()) {
                etcd.delete(deltaKey(d.id()));
            }
        }
    }

    /** Catalog churn: a new table, a changed one, and sometimes a dropped one. */
    public void churnCatalog() {
        String family = CATALOG_FAMILIES[random.nextInt(CATALOG_FAMILIES.length)];
        etcd.put(root + family + "/" + (++catalogIds), bytes(64));
        long changed = 1 + random.nextInt((int) catalogIds);
        etcd.put(root + CATALOG_FAMILIES[(int) (changed % CATALOG_FAMILIES.length)] + "/" + changed, bytes(64));
        if (random.nextInt(4) == 0) {
            etcd.delete(root + CATALOG_FAMILIES[random.nextInt(CATALOG_FAMILIES.length)] + "/" + (1 + random.nextInt((int) catalogIds)));
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

    private List<HummockDelta> deltas() {
        List<HummockDelta> result = new ArrayList<>();
        try (KeyPager pager = KeyPager.simple(etcd, KeyRange.prefix(root + MetaKeys.HUMMOCK_DELTAS), 0)) {
            for (List<MetaEntry> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                page.forEach(e -> result.add(codec.decodeDelta(e.value())));
            }
        }
        return result;
    }

    private void commitEpochFields() {
        long now = Math.max(Instant.now().toEpochMilli(), lastEpochMillis + 1);
        lastEpochMillis = now;
        long epoch = Epoch.at(Instant.ofEpochMilli(now)).value();
        safeEpoch = maxCommittedEpoch == 0 ? epoch : maxCommittedEpoch;
        maxCommittedEpoch = epoch;
    }

    private void writeCheckpoint() {
        hummock.write(HummockStorage.CHECKPOINT, codec.encodeCheckpoint(
                new HummockCheckpoint(versionId, maxCommittedEpoch, safeEpoch, List.copyOf(ssts))));
    }

    private long newSst() {
        long id = nextSstId++;
        hummock.write(id + ".data", bytes(SST_BYTES));
        return id;
    }

    /** Delta keys are zero-padded so that etcd's key order is version order. */
    private String deltaKey(long id) {
        return root + MetaKeys.HUMMOCK_DELTAS + String.format("%020d", id);
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
        return versionId;
    }
}
