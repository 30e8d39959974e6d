package dev.metasnap.core.hummock.rw;

import java.util.List;

/** The levels of one compaction group ({@code HummockVersion.Levels}); levels holds L1..Ln in order. */
public record RwGroup(long groupId, long parentGroupId, List<Integer> memberTableIds, List<RwLevel> l0SubLevels,
                      List<RwLevel> levels) {

    public RwGroup {
        memberTableIds = List.copyOf(memberTableIds);
        l0SubLevels = List.copyOf(l0SubLevels);
        levels = List.copyOf(levels);
    }
}
