package dev.metasnap.core.manifest;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.store.CompareAndSet;
import dev.metasnap.core.store.CompareAndSet.Change;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.VersionedBytes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The backup directory: its manifest, snapshot objects and lock, on one {@link ObjectStore}. */
public final class BackupStorage {

    public static final String MANIFEST = "manifest.json";
    public static final String LOCK = "backup.lock";
    /** The manifest's own format; a manifest without {@code format_version} is this one. */
    public static final int MANIFEST_FORMAT_VERSION = 1;
    private static final String FORMAT_VERSION = "format_version";
    private static final String ENTRIES = "snapshot_metadata";
    private static final Set<String> MANIFEST_FIELDS = Json.propertyNames(BackupManifest.class);
    private static final Set<String> ENTRY_FIELDS = Json.propertyNames(SnapshotMetadata.class);

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
        return parse(store.getVersioned(key(MANIFEST))).manifest();
    }

    /** The manifest as read, with its JSON tree: fields this build does not know are written back unchanged. */
    private record Parsed(BackupManifest manifest, ObjectNode tree) {
    }

    private Parsed parse(Optional<VersionedBytes> current) {
        if (current.isEmpty()) {
            return new Parsed(BackupManifest.empty(), null);
        }
        try {
            JsonNode tree = Json.readTree(current.get().content());
            if (!(tree instanceof ObjectNode object)) {
                throw new IOException("not a JSON object");
            }
            JsonNode version = object.get(FORMAT_VERSION);
            if (version != null && (!version.canConvertToInt() || version.asInt() > MANIFEST_FORMAT_VERSION)) {
                throw new UnsupportedFormatException("manifest " + key(MANIFEST) + " in " + store.describe() + " has format_version " + version
                        + ", newer than this metasnap reads (" + MANIFEST_FORMAT_VERSION + "); use the newer metasnap that wrote it");
            }
            return new Parsed(Json.fromTree(object, BackupManifest.class), object);
        } catch (IOException e) {
            throw new ManifestConflictException("manifest " + key(MANIFEST) + " in " + store.describe()
                    + " does not parse (" + e.getMessage().lines().findFirst().orElse("") + "); restore it from a copy before writing");
        }
    }

    /** {@code next} as JSON, keeping the fields of {@code previous} (and of its entries, by id) that this build does not know. */
    private static byte[] preservingUnknownFields(BackupManifest next, ObjectNode previous) {
        ObjectNode tree = Json.toTree(next);
        if (previous == null) {
            return Json.write(tree);
        }
        copyUnknown(previous, tree, MANIFEST_FIELDS);
        Map<Long, ObjectNode> oldEntries = new HashMap<>();
        previous.path(ENTRIES).forEach(e -> {
            if (e instanceof ObjectNode o && o.path("id").canConvertToLong()) {
                oldEntries.put(o.get("id").asLong(), o);
            }
        });
        tree.path(ENTRIES).forEach(e -> {
            ObjectNode old = oldEntries.get(e.path("id").asLong());
            if (old != null) {
                copyUnknown(old, (ObjectNode) e, ENTRY_FIELDS);
            }
        });
        return Json.write(tree);
    }

    private static void copyUnknown(ObjectNode from, ObjectNode to, Set<String> known) {
        from.fields().forEachRemaining(f -> {
            if (!known.contains(f.getKey()) && !to.has(f.getKey())) {
                to.set(f.getKey(), f.getValue());
            }
        });
    }

    /**
     * Applies {@code change} to the current manifest and writes the result only if nobody wrote
     * in between; retries on a race. The manifest is replaced whole, never half-written.
     */
    public BackupManifest update(UnaryOperator<BackupManifest> change) {
        return CompareAndSet.update(store, key(MANIFEST), current -> {
            Parsed read = parse(current);
            BackupManifest next = change.apply(read.manifest());
            return next == read.manifest() ? Change.unchanged(next) : Change.write(next, preservingUnknownFields(next, read.tree()));
        }, () -> new ManifestConflictException("manifest " + key(MANIFEST) + " changed " + CompareAndSet.ATTEMPTS
                + " times while updating it; another metasnap is writing to " + describe() + ", try again when it is done"));
    }
}
