package dev.metasnap.core.hummock;

import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.ProstIds;
import dev.metasnap.config.StorageScheme;
import dev.metasnap.core.hummock.rw.RwDelta;
import dev.metasnap.core.hummock.rw.RwHummockCodec;
import dev.metasnap.core.hummock.rw.RwVersion;
import dev.metasnap.core.hummock.rw.RwVersionBuilder;
import java.nio.ByteBuffer;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * RisingWave v1.x with an etcd meta store: protobuf {@code HummockVersionCheckpoint} and
 * {@code HummockVersionDelta}, delta ids in keys as prost integers, and on s3/minio SSTs under
 * a {@code crc32(id) % 256} directory (other backends have no prefix in v1.x).
 */
final class RisingWaveLayout implements HummockLayout {

    @Override
    public String name() {
        return "risingwave";
    }

    @Override
    public byte[] deltaKeySuffix(long id) {
        return ProstIds.encode(id);
    }

    @Override
    public VersionBuilder checkpoint(byte[] bytes) {
        return new Builder(RwHummockCodec.decodeCheckpoint(bytes));
    }

    @Override
    public Delta decodeDelta(byte[] bytes) {
        return new DecodedDelta(RwHummockCodec.decodeDelta(bytes));
    }

    @Override
    public String sstPath(HummockLocation location, long objectId) {
        StorageScheme scheme = location.url().scheme();
        String prefix = scheme == StorageScheme.S3 || scheme == StorageScheme.MINIO ? objectPrefix(objectId) + "/" : "";
        return location.directory() + "/" + prefix + objectId + ".data";
    }

    /** {@code crc32(object id as 8 big-endian bytes) % 256}, RisingWave's spread of SSTs over S3 key prefixes. */
    static long objectPrefix(long objectId) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(Long.BYTES).putLong(objectId).array());
        return crc.getValue() % 256;
    }

    private record DecodedDelta(RwDelta delta) implements Delta {
        @Override
        public long id() {
            return delta.id();
        }

        @Override
        public long prevId() {
            return delta.prevId();
        }
    }

    /** Folds deltas into one mutable copy, so a long delta log costs what its deltas touch. */
    private static final class Builder implements VersionBuilder {
        private final RwVersionBuilder builder;

        Builder(RwVersion checkpoint) {
            this.builder = RwVersionBuilder.from(checkpoint);
        }

        @Override
        public long id() {
            return builder.id();
        }

        @Override
        public void apply(Delta delta) {
            HummockVersionResolver.requireFollows(delta, builder.id());
            builder.apply(((DecodedDelta) delta).delta());
        }

        @Override
        public HummockVersion version() {
            RwVersion version = builder.build();
            TreeMap<Integer, StateTableInfo> tables = new TreeMap<>();
            version.stateTableInfo().forEach((table, info) ->
                    tables.put(table, new StateTableInfo(info.committedEpoch(), info.safeEpoch(), info.compactionGroupId())));
            return new HummockVersion(version.id(), version.maxCommittedEpoch(), version.safeEpoch(),
                    version.objectIds().stream().toList(), "risingwave", tables);
        }

        @Override
        public byte[] checkpoint() {
            return RwHummockCodec.encodeCheckpoint(builder.build());
        }
    }
}
