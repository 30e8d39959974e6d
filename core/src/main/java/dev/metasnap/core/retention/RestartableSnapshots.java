package dev.metasnap.core.retention;

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

    static RestartableSnapshots none() {
        return (url, directory) -> Set.of();
    }
}
