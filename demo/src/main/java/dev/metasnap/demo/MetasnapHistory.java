package dev.metasnap.demo;

import dev.metasnap.config.MetaKeys;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyPager;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.hummock.HummockCheckpoint;
import dev.metasnap.core.hummock.HummockDelta;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.hummock.MetasnapHummockCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/** metasnap's layout: a flat SST set; a checkpoint folds every delta but the newest. */
final class MetasnapHistory implements HummockHistory {

    private final MetasnapHummockCodec codec = new MetasnapHummockCodec();
    private final EtcdGateway etcd;
    private final HummockStorage hummock;
    private final String root;
    private final Random random;
    private final LongSupplier newSst;
    private final TreeSet<Long> ssts = new TreeSet<>();
    private long versionId;
    private long maxCommittedEpoch;
    private long safeEpoch;
    private final java.util.Map<Long, java.util.SortedSet<Long>> versions = new java.util.concurrent.ConcurrentHashMap<>();

    MetasnapHistory(EtcdGateway etcd, HummockStorage hummock, String root, Random random, LongSupplier newSst) {
        this.etcd = etcd;
        this.hummock = hummock;
        this.root = root;
        this.random = random;
        this.newSst = newSst;
    }

    @Override
    public void create(long epoch) {
        versionId = 1;
        maxCommittedEpoch = epoch;
        safeEpoch = epoch;
        for (int i = 0; i < 4; i++) {
            ssts.add(newSst.getAsLong());
        }
        hummock.write(HummockStorage.CHECKPOINT, codec.encodeCheckpoint(
                new HummockCheckpoint(versionId, maxCommittedEpoch, safeEpoch, List.copyOf(ssts))));
        versions.put(versionId, new TreeSet<>(ssts));
    }

    @Override
    public void commitEpoch(long epoch, long safe) {
        long prev = versionId;
        maxCommittedEpoch = epoch;
        safeEpoch = safe;
        List<Long> added = new ArrayList<>();
        added.add(newSst.getAsLong());
        if (random.nextInt(3) == 0) {
            added.add(newSst.getAsLong());
        }
        List<Long> removed = new ArrayList<>();
        if (ssts.size() > 6 && random.nextInt(2) == 0) {
            removed.add(ssts.first());
        }
        ssts.removeAll(removed);
        ssts.addAll(added);
        versionId = prev + 1;
        etcd.put(deltaKey(versionId), codec.encodeDelta(new HummockDelta(versionId, prev, maxCommittedEpoch, safeEpoch, added, removed)));
        versions.put(versionId, new TreeSet<>(ssts));
    }

    /** Folds every delta but the newest into a new checkpoint, then deletes the folded deltas. */
    @Override
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

    @Override
    public long versionId() {
        return versionId;
    }

    @Override
    public java.util.Map<Long, java.util.SortedSet<Long>> objectIdsByVersion() {
        return versions;
    }

    private List<HummockDelta> deltas() {
        List<HummockDelta> result = new ArrayList<>();
        try (KeyPager pager = KeyPager.simple(etcd, KeyRange.prefix(root + MetaKeys.HUMMOCK_DELTAS), 0)) {
            for (List<MetaEntry> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                page.forEach(e -> result.add(codec.decodeDelta(e.value())));
            }
        }
        result.sort(java.util.Comparator.comparingLong(HummockDelta::id));
        return result;
    }

    private String deltaKey(long id) {
        return root + MetaKeys.HUMMOCK_DELTAS + new String(HummockLayouts.METASNAP.deltaKeySuffix(id), java.nio.charset.StandardCharsets.US_ASCII);
    }
}
