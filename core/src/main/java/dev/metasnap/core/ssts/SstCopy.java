package dev.metasnap.core.ssts;

import java.util.List;

/**
 * What copying a snapshot's SSTs into backup storage achieved, recorded in its manifest entry:
 * whether every SST is now in backup storage, the ids the cluster's garbage collector deleted
 * before they could be copied, and what this run copied versus found already there.
 */
public record SstCopy(boolean selfContained, List<Long> missing, long copied, long bytesCopied, long shared, long bytesShared) {
    public SstCopy {
        missing = missing == null ? List.of() : List.copyOf(missing);
    }
}
