package dev.metasnap.core.ssts;

import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes copied SSTs that no snapshot in the manifest references any more, after the manifest
 * was written: the index first (so it never names an object that is gone), then the objects.
 * An SST held by a run that can still be restarted stays. A crash between the two leaves
 * unindexed objects behind, never an index entry without its object.
 */
public final class SstRetention {

    private static final Logger log = LoggerFactory.getLogger(SstRetention.class);

    private SstRetention() {
    }

    /** What a removal did. */
    public record Removed(int count, long bytes, int kept) {
    }

    public static final String STAGE = "deleting SSTs";

    public static Removed removeUnreferenced(BackupStorage storage, Set<Long> held) {
        return removeUnreferenced(storage, held, ProgressSink.none());
    }

    /** Reports each object deleted against the number no snapshot references, with the bytes the index recorded for them. */
    public static Removed removeUnreferenced(BackupStorage storage, Set<Long> held, ProgressSink sink) {
        ProgressSink progress = ProgressSink.guarded(sink);
        SstStore ssts = new SstStore(storage);
        BackupManifest manifest = storage.readManifest();
        Set<Long> referenced = new HashSet<>(held);
        for (SnapshotMetadata entry : manifest.snapshotMetadata()) {
            if (entry.sstCopy() != null) {
                referenced.addAll(entry.ssts());
            }
        }
        SstIndex before = ssts.readIndex();
        List<Long> doomed = before.ssts().keySet().stream().filter(id -> !referenced.contains(id)).toList();
        if (!doomed.isEmpty()) {
            progress.begin(STAGE, 0, doomed.size(), 0);
        }
        SstIndex after = ssts.updateIndex(index -> index.retain(referenced::contains, manifest.ids()));
        long bytes = 0;
        int done = 0;
        for (long id : doomed) {
            storage.store().delete(ssts.sstKey(id));
            bytes += before.ssts().get(id).size();
            progress.report(STAGE, ++done, doomed.size(), bytes);
        }
        if (!doomed.isEmpty()) {
            log.info("removed {} copied SST(s) ({} bytes) no snapshot references from {}", doomed.size(), bytes, storage.describe());
        }
        return new Removed(doomed.size(), bytes, after.ssts().size());
    }
}
