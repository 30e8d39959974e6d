package dev.metasnap.core.hummock;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A resolved hummock version: what a meta snapshot records and pins. {@code ssts} are the
 * distinct SST object ids, ascending; {@code stateTableInfo} is empty before RisingWave 1.10.
 */
public record HummockVersion(long id, long maxCommittedEpoch, long safeEpoch, List<Long> ssts, String layout,
                             SortedMap<Integer, StateTableInfo> stateTableInfo) {
    public HummockVersion {
        ssts = List.copyOf(ssts);
        stateTableInfo = stateTableInfo == null ? new TreeMap<>() : new TreeMap<>(stateTableInfo);
    }

    public HummockVersion(long id, long maxCommittedEpoch, long safeEpoch, List<Long> ssts) {
        this(id, maxCommittedEpoch, safeEpoch, ssts, HummockLayout.NAME, null);
    }
}
