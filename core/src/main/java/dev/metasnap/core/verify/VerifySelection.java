package dev.metasnap.core.verify;

import dev.metasnap.core.manifest.UnsupportedFormatException;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.SnapshotIds;
import dev.metasnap.config.InvalidSettingException;
import java.util.Arrays;
import java.util.List;

/** Which snapshots a verify run checks: "all" (an empty list here) or the given ids. */
public final class VerifySelection {

    public static final String ALL = "all";

    private VerifySelection() {
    }

    public static List<Long> parse(String text) {
        if (text == null || text.isBlank() || text.equals(ALL)) {
            return List.of();
        }
        try {
            return Arrays.stream(text.split(",")).map(String::strip).map(Long::parseLong).toList();
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("snapshot ids must be numbers: " + text);
        }
    }

    /**
     * The ids to check, refusing ids the manifest does not have. "All" means metasnap's own
     * snapshots: those RisingWave made are in its own format, which this build does not read yet,
     * and naming one is refused rather than reported as checked.
     */
    public static List<Long> resolve(String text, BackupManifest manifest, String where) {
        List<Long> ids = parse(text);
        if (ids.isEmpty()) {
            List<SnapshotMetadata> ours = manifest.snapshotMetadata().stream().filter(SnapshotMetadata::metasnapMade).toList();
            ours.forEach(s -> s.requireReadable(where));
            return ours.stream().map(SnapshotMetadata::id).toList();
        }
        SnapshotIds.requirePositive(ids);
        SnapshotIds.requireKnown(ids, manifest, where, "");
        for (long id : ids) {
            if (manifest.find(id).filter(s -> !s.metasnapMade()).isPresent()) {
                throw new UnsupportedFormatException("snapshot " + id + " in " + where + " was made by RisingWave's own meta backup,"
                        + " whose format this metasnap does not verify yet; check it with RisingWave's tools (risectl)");
            }
        }
        return ids;
    }
}
