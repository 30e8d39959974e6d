package dev.metasnap.core.ssts;

import dev.metasnap.core.format.Json;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.ManifestConflictException;
import dev.metasnap.core.store.CompareAndSet;
import dev.metasnap.core.store.CompareAndSet.Change;
import dev.metasnap.core.store.VersionedBytes;
import java.io.IOException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The copied SSTs of a backup location: {@code ssts/{object_id}.data} and their index, {@code ssts/index.json}. */
public final class SstStore {

    public static final String DIRECTORY = "ssts";
    public static final String INDEX = DIRECTORY + "/index.json";

    private final BackupStorage storage;

    public SstStore(BackupStorage storage) {
        this.storage = storage;
    }

    public BackupStorage storage() {
        return storage;
    }

    public String sstKey(long objectId) {
        return storage.key(DIRECTORY + "/" + objectId + ".data");
    }

    public SstIndex readIndex() {
        return parse(storage.store().getVersioned(storage.key(INDEX)));
    }

    private SstIndex parse(Optional<VersionedBytes> current) {
        if (current.isEmpty()) {
            return SstIndex.empty();
        }
        try {
            SstIndex index = Json.read(current.get().content(), SstIndex.class);
            if (index.formatVersion() > SstIndex.FORMAT_VERSION) {
                throw new ManifestConflictException("SST index " + storage.key(INDEX) + " in " + storage.describe() + " has format "
                        + index.formatVersion() + ", newer than this build reads (" + SstIndex.FORMAT_VERSION + "); use a newer metasnap");
            }
            return index;
        } catch (IOException e) {
            throw new ManifestConflictException("SST index " + storage.key(INDEX) + " in " + storage.describe()
                    + " does not parse (" + e.getMessage().lines().findFirst().orElse("") + "); restore it from a copy before writing");
        }
    }

    /** Applies {@code change} and writes the result only if nobody wrote in between; retries on a race. */
    public SstIndex updateIndex(UnaryOperator<SstIndex> change) {
        return CompareAndSet.update(storage.store(), storage.key(INDEX), current -> {
            SstIndex read = parse(current);
            SstIndex next = change.apply(read);
            return next.equals(read) ? Change.unchanged(next) : Change.write(next, Json.write(next));
        }, () -> new ManifestConflictException("SST index " + storage.key(INDEX) + " changed " + CompareAndSet.ATTEMPTS
                + " times while updating it; another metasnap is writing to " + storage.describe() + ", try again when it is done"));
    }
}
