package dev.metasnap.steps.hummock;

import java.util.Collection;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the hummock version as of one etcd revision: the checkpoint plus the chain of deltas
 * that follow it ({@code prev_id} links). The newest delta is never folded into a checkpoint,
 * so the highest delta id at the revision is the version id at that revision.
 */
public final class HummockVersionResolver {

    private HummockVersionResolver() {
    }

    /**
     * @throws HummockInconsistencyException when the checkpoint moved past the deltas (it was
     *     rewritten after the revision) or the delta chain has a gap
     */
    public static HummockVersion resolve(HummockCheckpoint checkpoint, Collection<HummockDelta> deltas) {
        TreeMap<Long, HummockDelta> byPrev = new TreeMap<>();
        long newest = -1;
        for (HummockDelta d : deltas) {
            byPrev.put(d.prevId(), d);
            newest = Math.max(newest, d.id());
        }
        if (newest >= 0 && checkpoint.versionId() > newest) {
            throw new HummockInconsistencyException("hummock checkpoint is at version " + checkpoint.versionId()
                    + ", past the newest delta " + newest + " at the pinned revision");
        }
        TreeSet<Long> ssts = new TreeSet<>(checkpoint.ssts());
        long id = checkpoint.versionId();
        long maxCommitted = checkpoint.maxCommittedEpoch();
        long safe = checkpoint.safeEpoch();
        while (id < newest) {
            HummockDelta d = byPrev.get(id);
            if (d == null) {
                throw new HummockInconsistencyException("no hummock delta follows version " + id
                        + " (checkpoint " + checkpoint.versionId() + ", newest delta " + newest + ")");
            }
            ssts.removeAll(d.sstsRemoved());
            ssts.addAll(d.sstsAdded());
            id = d.id();
            maxCommitted = d.maxCommittedEpoch();
            safe = d.safeEpoch();
        }
        return new HummockVersion(id, maxCommitted, safe, ssts.stream().toList());
    }

}
