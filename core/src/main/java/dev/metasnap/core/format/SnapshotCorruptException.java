package dev.metasnap.core.format;

/** A snapshot object failed a check; {@link #region()} says where (header, block N, trailer, ...). */
public final class SnapshotCorruptException extends RuntimeException {
    private final String region;

    public SnapshotCorruptException(String region, String message) {
        super(region + ": " + message);
        this.region = region;
    }

    public String region() {
        return region;
    }
}
