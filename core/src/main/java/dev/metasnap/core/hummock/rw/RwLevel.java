package dev.metasnap.core.hummock.rw;

import java.util.List;

/**
 * One {@code Level}: an L0 sub-level (levelIdx 0, identified by subLevelId) or a level L1..Ln.
 * total_file_size is not kept: the encoder writes the sum of the SSTs' sizes.
 */
public record RwLevel(int levelIdx, int levelType, long subLevelId, List<RwSst> ssts) {

    /** LevelType values as RisingWave numbers them. */
    public static final int NONOVERLAPPING = 1;
    public static final int OVERLAPPING = 2;

    public RwLevel {
        ssts = List.copyOf(ssts);
    }

    public long totalFileSize() {
        long total = 0;
        for (RwSst sst : ssts) {
            total += sst.fileSize();
        }
        return total;
    }
}
