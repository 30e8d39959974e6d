package dev.metasnap.core.hummock.rw;

import dev.metasnap.core.hummock.proto.Hummock;
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
    static void insertSorted(Hummock.Level.Builder level, List<Hummock.SstableInfo> inserted) {
        for (Hummock.SstableInfo sst : inserted) {
            byte[] key = leftKey(sst);
            int low = 0;
            int high = level.getTableInfosCount();
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (compareFullKeys(leftKey(level.getTableInfos(mid)), key) <= 0) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            level.addTableInfos(low, sst);
        }
    }

    /** key_range.left: empty when absent, which RisingWave reads as -inf. */
    private static byte[] leftKey(Hummock.SstableInfo sst) {
        return sst.getKeyRange().getLeft().toByteArray();
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
