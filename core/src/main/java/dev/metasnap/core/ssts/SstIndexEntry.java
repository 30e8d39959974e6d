package dev.metasnap.core.ssts;

import java.util.List;

/** One copied SST in backup storage: its size, the SHA-256 of the copied bytes, and the snapshots that reference it. */
public record SstIndexEntry(long size, String sha256, List<Long> snapshots) {
    public SstIndexEntry {
        snapshots = snapshots == null ? List.of() : snapshots.stream().distinct().sorted().toList();
    }

    public SstIndexEntry withSnapshot(long id) {
        List<Long> more = new java.util.ArrayList<>(snapshots);
        more.add(id);
        return new SstIndexEntry(size, sha256, more);
    }
}
