package dev.metasnap.core.hummock.rw;

import java.util.Arrays;
import java.util.List;

/** One {@code GroupDelta} of a compaction group in a version delta. */
public sealed interface RwGroupDelta permits RwGroupDelta.IntraLevel, RwGroupDelta.GroupConstruct,
        RwGroupDelta.GroupDestroy, RwGroupDelta.Other {

    /** SSTs removed (by sst_id) from and inserted into one level: an epoch commit or a compaction. */
    record IntraLevel(int levelIdx, long l0SubLevelId, List<Long> removedSstIds, List<RwSst> inserted,
                      int vnodePartitionCount) implements RwGroupDelta {

        public IntraLevel {
            removedSstIds = List.copyOf(removedSstIds);
            inserted = List.copyOf(inserted);
        }

        public IntraLevel(int levelIdx, long l0SubLevelId, List<Long> removedSstIds, List<RwSst> inserted) {
            this(levelIdx, l0SubLevelId, removedSstIds, inserted, 0);
        }
    }

    /**
     * A new compaction group, split from {@code parentGroupId} when that is not 0. {@code groupConfig} is
     * the {@code CompactionConfig} message kept verbatim (empty when absent).
     * {@code compatibilityVersion} 0 allows the legacy "trivial split"; 2 and above take the moved tables
     * from the state table info instead of {@code tableIds}.
     */
    record GroupConstruct(long groupId, long parentGroupId, List<Integer> tableIds, long newSstStartId,
                          int compatibilityVersion, byte[] groupConfig) implements RwGroupDelta {

        public static final int NO_TRIVIAL_SPLIT = 1;
        public static final int NO_MEMBER_TABLE_IDS = 2;

        public GroupConstruct {
            tableIds = List.copyOf(tableIds);
            groupConfig = groupConfig.clone();
        }

        /** A construct as RisingWave 1.x's meta node writes it: no trivial split, no config. */
        public GroupConstruct(long groupId, long parentGroupId, List<Integer> tableIds, long newSstStartId) {
            this(groupId, parentGroupId, tableIds, newSstStartId, NO_TRIVIAL_SPLIT, new byte[0]);
        }

        @Override
        public byte[] groupConfig() {
            return groupConfig.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof GroupConstruct c && groupId == c.groupId && parentGroupId == c.parentGroupId
                    && tableIds.equals(c.tableIds) && newSstStartId == c.newSstStartId
                    && compatibilityVersion == c.compatibilityVersion && Arrays.equals(groupConfig, c.groupConfig);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(groupId) * 31 + tableIds.hashCode();
        }

        @Override
        public String toString() {
            return "GroupConstruct[group " + groupId + ", parent " + parentGroupId + ", tables " + tableIds
                    + ", new sst ids from " + newSstStartId + ", version " + compatibilityVersion + "]";
        }
    }

    record GroupDestroy() implements RwGroupDelta {
    }

    /**
     * A kind kept verbatim: group_meta_change (4, applied to member_table_ids), group_table_change (5,
     * legacy, never written by 1.x meta nodes, ignored) or a kind newer than this build (refused by apply).
     */
    record Other(int fieldNumber, byte[] encoded) implements RwGroupDelta {

        public static final int GROUP_META_CHANGE = 4;
        public static final int GROUP_TABLE_CHANGE = 5;

        public Other {
            encoded = encoded.clone();
        }

        @Override
        public byte[] encoded() {
            return encoded.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Other x && fieldNumber == x.fieldNumber && Arrays.equals(encoded, x.encoded);
        }

        @Override
        public int hashCode() {
            return fieldNumber * 31 + Arrays.hashCode(encoded);
        }

        @Override
        public String toString() {
            return "Other[field " + fieldNumber + ", " + encoded.length + " bytes]";
        }
    }
}
