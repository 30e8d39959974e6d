package dev.metasnap.steps.prune;

import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.retention.SnapshotRemoval;
import dev.metasnap.steps.run.SnapshotIdReader;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Deletes the objects of snapshots already removed from the manifest, in the order of the plan
 * (the second part of {@link SnapshotRemoval}).
 * Progress is derived from the plan and the position of the id just deleted, so it keeps no
 * state of its own and a restart reports from where the committed chunks left off.
 * Restart contract: deleting a missing object is not an error.
 */
public final class SnapshotObjectDeleter implements ItemStreamWriter<Long> {

    public static final String STAGE = "deleting snapshots";

    private final Supplier<BackupStorage> connect;
    private final List<Long> planned;
    private final PlannedBytes bytes;
    private final ProgressSink progress;
    private BackupStorage storage;
    private SnapshotRemoval removal;

    /**
     * @param planned the ids the plan deletes, in order
     * @param plannedBytes their object sizes as the plan recorded them ({@link PruneContextKeys#DELETE_OBJECT_BYTES}), or null
     */
    public SnapshotObjectDeleter(Supplier<BackupStorage> connect, List<Long> planned, String plannedBytes, ProgressSink progress) {
        this.connect = connect;
        this.planned = List.copyOf(planned);
        this.bytes = PlannedBytes.parse(plannedBytes, planned.size());
        this.progress = ProgressSink.guarded(progress);
    }

    @Override
    public void open(ExecutionContext context) {
        storage = connect.get();
        removal = new SnapshotRemoval(storage);
        if (!planned.isEmpty()) {
            int done = Math.min(SnapshotIdReader.committed(context), planned.size());
            progress.begin(STAGE, done, planned.size(), bytes.ofFirst(done));
        }
    }

    @Override
    public void write(Chunk<? extends Long> ids) {
        for (long id : ids) {
            removal.deleteObject(id);
            int done = planned.indexOf(id) + 1;
            if (done > 0) {
                progress.report(STAGE, done, planned.size(), bytes.ofFirst(done));
            }
        }
    }

    @Override
    public void close() {
        if (storage != null) {
            storage.store().close();
            storage = null;
            removal = null;
        }
    }

    /** Running sums of the planned object sizes; all zero when the plan recorded none or they do not fit it. */
    private record PlannedBytes(long[] prefix) {

        static PlannedBytes parse(String text, int count) {
            long[] prefix = new long[count + 1];
            if (text == null || text.isBlank()) {
                return new PlannedBytes(prefix);
            }
            String[] sizes = text.split(",");
            if (sizes.length != count) {
                return new PlannedBytes(new long[count + 1]);
            }
            try {
                for (int i = 0; i < count; i++) {
                    prefix[i + 1] = prefix[i] + Long.parseLong(sizes[i].trim());
                }
                return new PlannedBytes(prefix);
            } catch (NumberFormatException e) {
                return new PlannedBytes(new long[count + 1]);
            }
        }

        long ofFirst(int n) {
            return prefix[Math.max(0, Math.min(n, prefix.length - 1))];
        }
    }
}
