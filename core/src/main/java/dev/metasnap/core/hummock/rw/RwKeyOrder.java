package dev.metasnap.core.hummock.rw;

import java.util.Arrays;
import java.util.List;

/**
 * Keeps the SSTs of a non-overlapping level in key order, as RisingWave does when it inserts into one:
 * its readers binary-search such a level, so a checkpoint written from our version must keep the order.
 * A full key is the user key followed by 8 epoch bytes (stored inverted, so bytewise order is RisingWave's
 * order); an SST without a key range sorts first and keeps its insertion order among equals.
 */
final class RwKeyOrder {

    private static final int EPOCH_BYTES = 8;

    private RwKeyOrder() {
    }

    /** Inserts each SST after every SST whose left key is not greater: O(log n) comparisons each. */
    static void insertSorted(List<RwSst> level, List<RwSst> inserted) {
        for (RwSst sst : inserted) {
            byte[] key = RwHummockCodec.leftKey(sst);
            int low = 0;
            int high = level.size();
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (compareFullKeys(RwHummockCodec.leftKey(level.get(mid)), key) <= 0) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            level.add(low, sst);
        }
    }

    static int compareFullKeys(byte[] a, byte[] b) {
        if (a.length < EPOCH_BYTES || b.length < EPOCH_BYTES) {
            return Arrays.compareUnsigned(a, b);
        }
        int userKeys = Arrays.compareUnsigned(a, 0, a.length - EPOCH_BYTES, b, 0, b.length - EPOCH_BYTES);
        if (userKeys != 0) {
            return userKeys;
        }
        return Arrays.compareUnsigned(a, a.length - EPOCH_BYTES, a.length, b, b.length - EPOCH_BYTES, b.length);
    }
}
