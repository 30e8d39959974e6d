package dev.metasnap.steps.prune;

import dev.metasnap.steps.manifest.BackupStorage;
import java.util.function.Supplier;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/** Deletes the objects of snapshots already removed from the manifest. Restart contract: deleting a missing object is not an error. */
public final class SnapshotObjectDeleter implements ItemStreamWriter<Long> {

    private final Supplier<BackupStorage> connect;
    private BackupStorage storage;

    public SnapshotObjectDeleter(Supplier<BackupStorage> connect) {
        this.connect = connect;
    }

    @Override
    public void open(ExecutionContext context) {
        storage = connect.get();
    }

    @Override
    public void write(Chunk<? extends Long> ids) {
        for (long id : ids) {
            if (storage.readManifest().find(id).isPresent()) {
                throw new IllegalStateException("snapshot " + id + " is back in the manifest of " + storage.describe() + "; not deleting its object");
            }
            storage.store().delete(storage.snapshotKey(id));
        }
    }

    @Override
    public void close() {
        if (storage != null) {
            storage.store().close();
            storage = null;
        }
    }
}
