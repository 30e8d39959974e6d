package dev.metasnap.core.hummock;

import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.ProstIds;
import dev.metasnap.config.StorageScheme;
import dev.metasnap.core.hummock.rw.RwDelta;
import dev.metasnap.core.hummock.rw.RwHummockCodec;
import dev.metasnap.core.hummock.rw.RwVersionBuilder;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * How a RisingWave v1.x cluster with an etcd meta store keeps its hummock version, the one layout
 * metasnap reads and writes (docs/cluster-layout.md): a protobuf {@code HummockVersionCheckpoint}
 * object, {@code HummockVersionDelta}s in {@code cf/hummock_1/} under prost-encoded ids, and on
 * s3/minio SSTs under a {@code crc32(id) % 256} directory (other backends have no prefix in v1.x).
 */
public final class HummockLayout {

    static final String NAME = "risingwave";

    HummockLayout() {
    }

    /** The name recorded in manifest entries and printed to operators. */
    public String name() {
        return NAME;
    }

    /** The key suffix (after {@code cf/hummock_1/}) of delta {@code id}. */
    public byte[] deltaKeySuffix(long id) {
        return ProstIds.encode(id);
    }

    /** @throws HummockFormatException when the bytes are not a checkpoint */
    public VersionBuilder checkpoint(byte[] bytes) {
        return new Builder(RwVersionBuilder.from(RwHummockCodec.decodeCheckpoint(bytes)));
    }

    /** @throws HummockFormatException when the bytes are not a delta */
    public Delta decodeDelta(byte[] bytes) {
        return RwHummockCodec.decodeDelta(bytes);
    }

    /** The object key of an SST in hummock storage. */
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

    /** What the version chain ({@link HummockVersionResolver}) needs of a decoded delta. */
    public interface Delta {
        long id();

        long prevId();
    }

    /** A version being built from a checkpoint by applying deltas in chain order. */
    public interface VersionBuilder {
        long id();

        /** @throws HummockInconsistencyException when the delta does not follow this version */
        void apply(Delta delta);

        HummockVersion version();

        /** The checkpoint object of this version, as the cluster itself would write it. */
        byte[] checkpoint();
    }

    /** Folds deltas into one mutable copy, so a long delta log costs what its deltas touch. */
    private static final class Builder implements VersionBuilder {
        private final RwVersionBuilder builder;

        Builder(RwVersionBuilder builder) {
            this.builder = builder;
        }

        @Override
        public long id() {
            return builder.id();
        }

        @Override
        public void apply(Delta delta) {
            HummockVersionResolver.requireFollows(delta, builder.id());
            // every Delta comes from decodeDelta above
            builder.apply((RwDelta) delta);
        }

        @Override
        public HummockVersion version() {
            var version = builder.build();
            return new HummockVersion(version.id(), version.maxCommittedEpoch(), version.safeEpoch(),
                    version.objectIds().stream().toList(), NAME, version.stateTableInfo());
        }

        @Override
        public byte[] checkpoint() {
            return RwHummockCodec.encodeCheckpoint(builder.build());
        }
    }
}
