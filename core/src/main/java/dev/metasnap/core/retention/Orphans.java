package dev.metasnap.core.retention;

import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.StoredObject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a sweep may remove from a backup location: only metasnap's own names directly in the
 * directory (never a nested directory, where another location may live), never an id a
 * restartable run holds, and only what is older than {@link #MIN_AGE} (younger objects may
 * belong to a backup still uploading). Prune's sweep and its dry run share these rules.
 */
public final class Orphans {

    public static final Duration MIN_AGE = Duration.ofHours(1);

    private static final Pattern SNAPSHOT_NAME = Pattern.compile("(\\d{1,18})\\.snapshot");
    private static final Pattern COPIED_SST_NAME = Pattern.compile(SstStore.DIRECTORY + "/\\d{1,20}\\.data");
    /** The names metasnap writes: a decimal id without leading zeros (one that does not fit a long is no name of ours). */
    private static final Pattern COPIED_SST_FILE = Pattern.compile("(0|[1-9]\\d{0,18})\\.data");

    private Orphans() {
    }

    /**
     * Multipart uploads of snapshot objects directly in the directory, started before
     * {@code now} minus {@link #MIN_AGE}, whose id no restartable run holds: nothing can resume
     * them, and on S3 their parts cost storage until aborted.
     */
    public static List<ObjectStore.PendingUpload> abandonedUploads(BackupStorage storage, Set<Long> held, Instant now) {
        String prefix = storage.location().directory() + "/";
        return storage.store().listMultipartUploads(prefix).stream()
                .filter(u -> {
                    String name = u.key().substring(prefix.length());
                    Matcher snapshot = SNAPSHOT_NAME.matcher(name);
                    // an SST copy is never resumed from its upload (a restart copies the SST again)
                    return snapshot.matches() ? !held.contains(Long.parseLong(snapshot.group(1))) : COPIED_SST_NAME.matcher(name).matches();
                })
                .filter(u -> u.initiated() != null && u.initiated().isBefore(now.minus(MIN_AGE)))
                .toList();
    }

    /**
     * Copied SST objects directly in the location's {@code ssts/} that its index does not name,
     * older than {@link #MIN_AGE}, sparing the SST ids in {@code heldSsts} (restartable copying
     * runs write an SST before they index it) and any a manifest entry lists. Nothing when the
     * index itself is missing: a lost index must not turn every copy into an orphan.
     */
    public static List<StoredObject> unindexedSsts(BackupStorage storage, Set<Long> heldSsts, Instant now) {
        if (storage.store().head(storage.key(SstStore.INDEX)).isEmpty()) {
            return List.of();
        }
        // the ids only: the index's hashes and references need not stay in memory during a long listing
        Set<Long> kept = new HashSet<>(new SstStore(storage).readIndex().ssts().keySet());
        kept.addAll(heldSsts);
        for (SnapshotMetadata entry : storage.readManifest().snapshotMetadata()) {
            kept.addAll(entry.ssts());
        }
        String prefix = storage.key(SstStore.DIRECTORY) + "/";
        return storage.store().list(prefix).stream()
                .filter(o -> {
                    Matcher name = COPIED_SST_FILE.matcher(o.key().substring(prefix.length()));
                    if (!name.matches()) {
                        return false;
                    }
                    try {
                        return !kept.contains(Long.parseLong(name.group(1)));
                    } catch (NumberFormatException tooLarge) {
                        return false;
                    }
                })
                .filter(o -> o.lastModified() != null && o.lastModified().isBefore(now.minus(MIN_AGE)))
                .toList();
    }

    /** The objects a sweep at {@code now} removes, sparing the ids in {@code held}. */
    public static List<StoredObject> snapshots(BackupStorage storage, Set<Long> held, Instant now) {
        Set<Long> committed = new HashSet<>(storage.readManifest().ids());
        String prefix = storage.location().directory() + "/";
        return storage.store().list(prefix).stream()
                .filter(o -> {
                    Matcher name = SNAPSHOT_NAME.matcher(o.key().substring(prefix.length()));
                    if (!name.matches()) {
                        return false;
                    }
                    long id = Long.parseLong(name.group(1));
                    return !committed.contains(id) && !held.contains(id);
                })
                .filter(o -> o.lastModified() != null && o.lastModified().isBefore(now.minus(MIN_AGE)))
                .toList();
    }
}
