package dev.metasnap.core.hummock;

import dev.metasnap.config.HummockLocation;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.VersionedBytes;
import java.util.Optional;

/** The hummock objects metasnap reads and writes: the version checkpoint and the cluster id. */
public final class HummockStorage {

    public static final String CHECKPOINT = "checkpoint/0";
    public static final String CLUSTER_ID = "cluster_id/0";

    private final ObjectStore store;
    private final HummockLocation location;

    public HummockStorage(ObjectStore store, HummockLocation location) {
        this.store = store;
        this.location = location;
    }

    public String key(String relative) {
        return location.directory() + "/" + relative;
    }

    public Optional<byte[]> read(String relative) {
        return readVersioned(relative).map(v -> v.content());
    }

    /** The object with a token that changes whenever it is rewritten. */
    public Optional<VersionedBytes> readVersioned(String relative) {
        return store.getVersioned(key(relative));
    }

    public void write(String relative, byte[] content) {
        store.put(key(relative), content);
    }

    public String sstKey(HummockLayout layout, long objectId) {
        return layout.sstPath(location, objectId);
    }

    public ObjectStore store() {
        return store;
    }

    public HummockLocation location() {
        return location;
    }
}
