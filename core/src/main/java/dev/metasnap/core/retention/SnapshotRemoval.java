package dev.metasnap.core.retention;

import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.ssts.SstRetention;
import java.util.Collection;
import java.util.List;

/**
 * How snapshots leave a backup location, for {@code delete} and prune alike, in an order that
 * never lets a manifest entry name a missing object: their manifest entries first, then their
 * objects (refusing one whose id is back in the manifest), then the copied SSTs no remaining
 * snapshot references ({@link SstRetention}), sparing those that restartable runs hold. Every
 * part is idempotent, so prune runs them as restartable steps and delete runs them in one go;
 * both hold the location's lock.
 */
public final class SnapshotRemoval {

    private final BackupStorage storage;

    public SnapshotRemoval(BackupStorage storage) {
        this.storage = storage;
    }

    /** What removing snapshots in one go did: the manifest after, and the copied SSTs it removed. */
    public record Removed(BackupManifest manifest, SstRetention.Removed ssts) {
    }

    /** Every part in order, for snapshots removed in one go. */
    public Removed remove(List<Long> ids, RestartableSnapshots restartable) {
        BackupManifest after = removeEntries(ids);
        ids.forEach(this::deleteObject);
        return new Removed(after, removeUnreferencedSsts(restartable, ProgressSink.none()));
    }

    /** Removes the entries of {@code ids} from the manifest (absent ones change nothing); returns the manifest after. */
    public BackupManifest removeEntries(Collection<Long> ids) {
        return storage.update(m -> m.without(ids));
    }

    /** Deletes the object of snapshot {@code id}, whose entry must be gone from the manifest; a missing object is not an error. */
    public void deleteObject(long id) {
        if (storage.readManifest().find(id).isPresent()) {
            throw new IllegalStateException("snapshot " + id + " is back in the manifest of " + storage.describe() + "; not deleting its object");
        }
        storage.store().delete(storage.snapshotKey(id));
    }

    /** Removes the copied SSTs that neither a remaining snapshot nor a restartable run holds. */
    public SstRetention.Removed removeUnreferencedSsts(RestartableSnapshots restartable, ProgressSink progress) {
        return SstRetention.removeUnreferenced(storage, restartable.heldSsts(storage.location()), progress);
    }
}
