package dev.metasnap.core.verify;

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

    /** The ids to check, refusing ids the manifest does not have. */
    public static List<Long> resolve(String text, BackupManifest manifest, String where) {
        List<Long> ids = parse(text);
        if (ids.isEmpty()) {
            manifest.snapshotMetadata().forEach(s -> s.requireReadable(where));
            return manifest.ids();
        }
        SnapshotIds.requirePositive(ids);
        SnapshotIds.requireKnown(ids, manifest, where, "");
        return ids;
    }
}
