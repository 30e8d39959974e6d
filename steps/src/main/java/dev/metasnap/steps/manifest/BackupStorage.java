package dev.metasnap.steps.manifest;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.steps.format.Json;
import dev.metasnap.steps.store.ObjectStore;
import dev.metasnap.steps.store.VersionedBytes;
import java.io.IOException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The backup directory: its manifest, snapshot objects and lock, on one {@link ObjectStore}. */
public final class BackupStorage {

    public static final String MANIFEST = "manifest.json";
    public static final String LOCK = "backup.lock";
    private static final int CAS_ATTEMPTS = 8;

    private final ObjectStore store;
    private final BackupLocation location;

    public BackupStorage(ObjectStore store, BackupLocation location) {
        this.store = store;
        this.location = location;
    }

    public ObjectStore store() {
        return store;
    }

    public BackupLocation location() {
        return location;
    }

    public String describe() {
        return location.describe();
    }

    public String key(String name) {
        return location.directory() + "/" + name;
    }

    public String snapshotKey(long id) {
        return snapshotKey(location.directory(), id);
    }

    public static String snapshotKey(String directory, long id) {
        return directory + "/" + id + ".snapshot";
    }

    public BackupManifest readManifest() {
        return readVersioned().manifest();
    }

    private record Versioned(BackupManifest manifest, String version) {
    }

    private Versioned readVersioned() {
        Optional<VersionedBytes> current = store.getVersioned(key(MANIFEST));
        if (current.isEmpty()) {
            return new Versioned(BackupManifest.empty(), null);
        }
        try {
            return new Versioned(Json.read(current.get().content(), BackupManifest.class), current.get().version());
        } catch (IOException e) {
            throw new ManifestConflictException("manifest " + key(MANIFEST) + " in " + store.describe()
                    + " does not parse (" + e.getMessage().lines().findFirst().orElse("") + "); restore it from a copy before writing");
        }
    }

    /**
     * Applies {@code change} to the current manifest and writes the result only if nobody wrote
     * in between; retries on a race. The manifest is replaced whole, never half-written.
     */
    public BackupManifest update(UnaryOperator<BackupManifest> change) {
        for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
            Versioned current = readVersioned();
            BackupManifest next = change.apply(current.manifest());
            if (next == current.manifest()) {
                return next;
            }
            if (store.putIfVersion(key(MANIFEST), Json.write(next), current.version())) {
                return next;
            }
        }
        throw new ManifestConflictException("manifest " + key(MANIFEST) + " changed " + CAS_ATTEMPTS
                + " times while updating it; another metasnap is writing to " + describe() + ", try again when it is done");
    }
}
