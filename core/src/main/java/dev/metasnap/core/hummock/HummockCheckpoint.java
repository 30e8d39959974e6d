package dev.metasnap.core.hummock;

import java.util.List;

/** The version checkpoint object ({@code {data_directory}/checkpoint/0}). */
public record HummockCheckpoint(long versionId, long maxCommittedEpoch, long safeEpoch, List<Long> ssts) {
    public HummockCheckpoint {
        ssts = List.copyOf(ssts);
    }
}
