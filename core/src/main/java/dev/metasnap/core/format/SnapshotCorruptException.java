package dev.metasnap.core.format;

import dev.metasnap.core.errors.ExitCode;
import dev.metasnap.core.errors.MetasnapException;

/** A snapshot object failed a check; {@link #region()} says where (header, block N, trailer, ...). */
public final class SnapshotCorruptException extends MetasnapException {
    private final String region;

    public SnapshotCorruptException(String region, String message) {
        super(ExitCode.VERIFICATION_FAILED, region + ": " + message);
        this.region = region;
    }

    public String region() {
        return region;
    }
}
