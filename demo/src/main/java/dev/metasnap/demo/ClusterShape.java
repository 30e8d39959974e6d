package dev.metasnap.demo;

import dev.metasnap.config.InvalidSettingException;

/**
 * How big a generated cluster is: catalog tables, extra bulk keys and their value size, and the
 * initial hummock history (deltas after the checkpoint, SSTs per delta).
 */
public record ClusterShape(int tables, int bulkKeys, int valueBytes, int initialDeltas) {

    public ClusterShape {
        if (tables < 1) {
            throw new InvalidSettingException("--tables must be >= 1: " + tables);
        }
        if (bulkKeys < 0) {
            throw new InvalidSettingException("--keys must be >= 0: " + bulkKeys);
        }
        if (valueBytes < 1 || valueBytes > 1024 * 1024) {
            throw new InvalidSettingException("--value-bytes must be within 1..1048576: " + valueBytes);
        }
        if (initialDeltas < 1) {
            throw new InvalidSettingException("initial deltas must be >= 1: " + initialDeltas);
        }
    }

    public static ClusterShape small() {
        return new ClusterShape(10, 1_000, 200, 5);
    }
}
