package dev.metasnap.core.hummock.rw;

/** {@code HummockVersionDelta.ChangeLogDelta}: one more log entry, and the epoch up to which older ones go. */
public record RwChangeLogDelta(RwChangeLog newLog, long truncateEpoch) {
}
