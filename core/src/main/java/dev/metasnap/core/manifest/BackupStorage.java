package dev.metasnap.core.manifest;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.store.CompareAndSet;
import dev.metasnap.core.store.CompareAndSet.Change;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.VersionedBytes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.IdentityHashMap;
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

    /**
     * The manifest as read, with its JSON tree and the JSON object each entry was read from (by
     * identity: a manifest RisingWave wrote may hold an id twice). Fields this build does not know
     * are written back unchanged, and an entry RisingWave made is written back exactly as read.
     */
    private record Parsed(BackupManifest manifest, ObjectNode tree, Map<SnapshotMetadata, ObjectNode> sources) {
    }

    private Parsed parse(Optional<VersionedBytes> current) {
        if (current.isEmpty()) {
            return new Parsed(BackupManifest.empty(), null, Map.of());
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
            BackupManifest manifest = Json.fromTree(object, BackupManifest.class);
            Map<SnapshotMetadata, ObjectNode> sources = new IdentityHashMap<>();
            JsonNode entries = object.path(ENTRIES);
            for (int i = 0; i < manifest.snapshotMetadata().size(); i++) {
                if (entries.get(i) instanceof ObjectNode entry) {
                    sources.put(manifest.snapshotMetadata().get(i), entry);
                }
            }
            return new Parsed(manifest, object, sources);
        } catch (IOException e) {
            throw new ManifestConflictException("manifest " + key(MANIFEST) + " in " + store.describe()
                    + " does not parse (" + e.getMessage().lines().findFirst().orElse("") + "); restore it from a copy before writing");
        }
    }

    /**
     * {@code next} as JSON, keeping the fields of {@code previous} (and of its entries) that this
     * build does not know, and every entry RisingWave made as it was read.
     */
    private static byte[] preservingUnknownFields(BackupManifest next, Parsed previous) {
        ObjectNode tree = Json.toTree(next);
        if (previous.tree() == null) {
            return Json.write(tree);
        }
        copyUnknown(previous.tree(), tree, MANIFEST_FIELDS);
        // a changed metasnap entry (e.g. verified) is a new object: its unknown fields are found by id
        Map<Long, ObjectNode> metasnapSources = new HashMap<>();
        previous.sources().forEach((entry, source) -> {
            if (entry.metasnapMade()) {
                metasnapSources.putIfAbsent(entry.id(), source);
            }
        });
        ArrayNode entries = (ArrayNode) tree.get(ENTRIES);
        for (int i = 0; i < next.snapshotMetadata().size(); i++) {
            SnapshotMetadata entry = next.snapshotMetadata().get(i);
            ObjectNode source = previous.sources().get(entry);
            if (source != null && !entry.metasnapMade()) {
                entries.set(i, source);
            } else if (entry.metasnapMade() && metasnapSources.containsKey(entry.id())) {
                copyUnknown(metasnapSources.get(entry.id()), (ObjectNode) entries.get(i), ENTRY_FIELDS);
            }
        }
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
     * Applies {@code change} to the current manifest and writes the result, its {@code manifest_id}
     * one above the file's, only if nobody wrote in between; retries on a race. The manifest is replaced whole, never half-written.
     */
    public BackupManifest update(UnaryOperator<BackupManifest> change) {
        return CompareAndSet.update(store, key(MANIFEST), current -> {
            Parsed read = parse(current);
            BackupManifest changed = change.apply(read.manifest());
            if (changed == read.manifest()) {
                return Change.unchanged(changed);
            }
            // one write, one step of manifest_id, as RisingWave counts its own changes
            BackupManifest next = new BackupManifest(read.manifest().manifestId() + 1, changed.lastSnapshotId(), changed.snapshotMetadata());
            return Change.write(next, preservingUnknownFields(next, read));
        }, () -> new ManifestConflictException("manifest " + key(MANIFEST) + " changed " + CompareAndSet.ATTEMPTS
                + " times while updating it; another metasnap is writing to " + describe() + ", try again when it is done"));
    }
}
