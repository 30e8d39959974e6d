package dev.metasnap.core.hummock;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the hummock version as of one etcd revision: the checkpoint, then the deltas whose id
 * is above the checkpoint's, in id order along their {@code prev_id} links (never in etcd key
 * order, which is not id order for RisingWave's keys). Deltas at or below the checkpoint are
 * leftovers already folded into it and are ignored.
 */
public final class HummockVersionResolver {

    private HummockVersionResolver() {
    }

    /**
     * The version built, and whether the checkpoint is ahead of every delta at the revision. An
     * ahead checkpoint is either the version at the revision (RisingWave deletes every folded
     * delta) or was written after the revision; only the caller knows whether the checkpoint was
     * seen before the revision was pinned, which decides it.
     */
    public record Resolution(HummockLayout.VersionBuilder builder, boolean checkpointAhead, String aheadReason) {
    }

    /**
     * @throws HummockInconsistencyException when two deltas follow one version or the chain has a
     *     gap; both name the ids involved
     */
    public static Resolution resolve(HummockLayout.VersionBuilder checkpoint, Collection<? extends HummockLayout.Delta> deltas) {
        long checkpointId = checkpoint.id();
        long newest = deltas.stream().mapToLong(HummockLayout.Delta::id).max().orElse(-1);
        Map<Long, HummockLayout.Delta> byPrev = new TreeMap<>();
        List<? extends HummockLayout.Delta> following = deltas.stream()
                .filter(d -> d.id() > checkpointId)
                .sorted(Comparator.comparingLong(HummockLayout.Delta::id))
                .toList();
        for (HummockLayout.Delta d : following) {
            HummockLayout.Delta other = byPrev.putIfAbsent(d.prevId(), d);
            if (other != null) {
                throw new HummockInconsistencyException("hummock deltas " + other.id() + " and " + d.id() + " both follow version "
                        + d.prevId() + "; the delta log in etcd is broken, so no version can be built from it");
            }
        }
        for (HummockLayout.Delta next = byPrev.get(checkpointId); next != null; next = byPrev.get(checkpoint.id())) {
            checkpoint.apply(next);
        }
        if (checkpoint.id() < newest) {
            HummockLayout.Delta stranded = following.stream().filter(d -> d.id() > checkpoint.id()).findFirst().orElseThrow();
            throw new HummockInconsistencyException("hummock delta " + stranded.id() + " follows version " + stranded.prevId()
                    + ", but the chain from the checkpoint (version " + checkpointId + ") ends at version " + checkpoint.id()
                    + "; the delta log in etcd has a gap, so the version cannot be built");
        }
        if (checkpointId > newest) {
            String reason = newest < 0
                    ? "no hummock delta at the pinned revision follows the checkpoint (version " + checkpointId + ")"
                    : "hummock checkpoint is at version " + checkpointId + ", past the newest delta " + newest + " at the pinned revision";
            return new Resolution(checkpoint, true, reason);
        }
        return new Resolution(checkpoint, false, null);
    }

    /** Refuses a delta that does not follow {@code versionId}, naming both ids. */
    public static void requireFollows(HummockLayout.Delta delta, long versionId) {
        if (delta.prevId() != versionId) {
            throw new HummockInconsistencyException("hummock delta " + delta.id() + " follows version " + delta.prevId()
                    + ", but the version is " + versionId);
        }
    }
}
