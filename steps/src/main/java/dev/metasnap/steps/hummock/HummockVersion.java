package dev.metasnap.steps.hummock;

import java.util.List;

/** A resolved hummock version: what a meta snapshot records and pins. */
public record HummockVersion(long id, long maxCommittedEpoch, long safeEpoch, List<Long> ssts) {
    public HummockVersion {
        ssts = List.copyOf(ssts);
    }
}
