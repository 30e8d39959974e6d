package dev.metasnap.core.manifest;

import dev.metasnap.config.MetaKeys;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * RisingWave's own backup ids: its meta node hands them out from the etcd key
 * {@code default/backup_id_next_generator} (an 8-byte big-endian bound it raises before use), so an
 * id above that bound is one RisingWave has not handed out.
 */
public final class RisingWaveBackupIds {

    /** The generator key, below the cluster's root prefix. */
    public static final String GENERATOR_KEY = MetaKeys.DEFAULT_CF + "backup" + MetaKeys.ID_GENERATOR_SUFFIX;

    private RisingWaveBackupIds() {
    }

    /** The stored bound, or 0 when the key is absent or not RisingWave's 8-byte form (then only the manifest's ids count). */
    public static long storedBound(Optional<byte[]> value) {
        return value.filter(v -> v.length == Long.BYTES).map(v -> ByteBuffer.wrap(v).getLong()).filter(v -> v > 0).orElse(0L);
    }
}
