package dev.metasnap.core.hummock;

import java.util.List;

/** One hummock version delta ({@code cf/hummock_1/<id>} in etcd). */
public record HummockDelta(long id, long prevId, long maxCommittedEpoch, long safeEpoch, List<Long> sstsAdded, List<Long> sstsRemoved)
        implements HummockLayout.Delta {
    public HummockDelta {
        sstsAdded = List.copyOf(sstsAdded);
        sstsRemoved = List.copyOf(sstsRemoved);
    }
}
