package dev.metasnap.core.restore;

import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.Json;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The key a running restore keeps in the target etcd. It tells our own partial restore (a
 * restart continues) from someone else's data (refused); it is removed at the end and is never
 * part of the restored keyspace.
 */
public final class RestoreMarker {

    public static final String KEY = "__metasnap_restore_in_progress__";

    /** The marker's content. */
    public record Content(long snapshotId, long jobInstanceId, String startedAt) {
    }

    private RestoreMarker() {
    }

    public static String key(String rootPrefix) {
        return rootPrefix + KEY;
    }

    public static Optional<Content> read(EtcdGateway etcd, String rootPrefix) {
        return etcd.get(key(rootPrefix)).map(bytes -> {
            try {
                return Json.read(bytes, Content.class);
            } catch (IOException e) {
                return new Content(-1, -1, "unreadable");
            }
        });
    }

    /** Writes the marker only if absent; false when some marker is already there. */
    public static boolean create(EtcdGateway etcd, String rootPrefix, Content content) {
        return etcd.putAllIfAbsent(List.of(MetaEntry.of(key(rootPrefix), Json.write(content))));
    }

    public static void remove(EtcdGateway etcd, String rootPrefix) {
        etcd.delete(key(rootPrefix));
    }
}
