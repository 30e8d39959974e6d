package dev.metasnap.core.retention;

import dev.metasnap.config.BackupLocation;
import java.util.Set;

/**
 * Snapshot ids that runs which can still be restarted have reserved in a backup location: their
 * uploaded but uncommitted objects are work in progress, not orphans.
 */
@FunctionalInterface
public interface RestartableSnapshots {

    Set<Long> held(String redactedUrl, String directory);

    /** SST object ids that restartable runs copying SSTs into this location pinned: not to be removed from it. */
    default Set<Long> heldSsts(String redactedUrl, String directory) {
        return Set.of();
    }

    /** {@link #held(String, String)} of a location. */
    default Set<Long> held(BackupLocation location) {
        return held(location.url().redacted(), location.directory());
    }

    /** {@link #heldSsts(String, String)} of a location. */
    default Set<Long> heldSsts(BackupLocation location) {
        return heldSsts(location.url().redacted(), location.directory());
    }

    static RestartableSnapshots none() {
        return (url, directory) -> Set.of();
    }
}
