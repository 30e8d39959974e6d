package dev.metasnap.core.manifest;

import dev.metasnap.config.InvalidSettingException;
import java.util.List;

/** The checks of snapshot ids an operator names (delete, verify): positive, in the manifest, of a format this build reads. */
public final class SnapshotIds {

    private SnapshotIds() {
    }

    public static void requirePositive(List<Long> ids) {
        ids.stream().filter(id -> id <= 0).findFirst().ifPresent(id -> {
            throw new InvalidSettingException("snapshot ids are positive numbers: " + id + "; run 'metasnap list'");
        });
    }

    /**
     * Refuses ids the manifest does not have, naming them and the ids it has ({@code consequence}
     * ends the message, e.g. "; nothing was deleted"), and entries a newer metasnap wrote.
     */
    public static void requireKnown(List<Long> ids, BackupManifest manifest, String where, String consequence) {
        List<Long> unknown = ids.stream().filter(id -> manifest.find(id).isEmpty()).toList();
        if (!unknown.isEmpty()) {
            throw new UnknownSnapshotException("snapshot(s) " + unknown + " not in the manifest of " + where
                    + "; snapshots there: " + manifest.ids() + consequence);
        }
        ids.forEach(id -> manifest.find(id).orElseThrow().requireReadable(where));
    }
}
