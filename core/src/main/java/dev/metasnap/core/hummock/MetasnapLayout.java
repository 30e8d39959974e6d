package dev.metasnap.core.hummock;

import dev.metasnap.config.HummockLocation;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * metasnap's own documented layout (docs/cluster-layout.md): fixed-width big-endian checkpoint
 * and deltas, delta keys zero-padded to 20 decimal digits, SSTs directly in the data directory.
 */
final class MetasnapLayout implements HummockLayout {

    private final MetasnapHummockCodec codec = new MetasnapHummockCodec();

    @Override
    public String name() {
        return "metasnap";
    }

    @Override
    public byte[] deltaKeySuffix(long id) {
        return String.format("%020d", id).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public VersionBuilder checkpoint(byte[] bytes) {
        return new Builder(codec, codec.decodeCheckpoint(bytes));
    }

    @Override
    public Delta decodeDelta(byte[] bytes) {
        return codec.decodeDelta(bytes);
    }

    @Override
    public String sstPath(HummockLocation location, long objectId) {
        return location.directory() + "/" + objectId + ".data";
    }

    private static final class Builder implements VersionBuilder {
        private final MetasnapHummockCodec codec;
        private final TreeSet<Long> ssts;
        private long id;
        private long maxCommittedEpoch;
        private long safeEpoch;

        Builder(MetasnapHummockCodec codec, HummockCheckpoint checkpoint) {
            this.codec = codec;
            this.ssts = new TreeSet<>(checkpoint.ssts());
            this.id = checkpoint.versionId();
            this.maxCommittedEpoch = checkpoint.maxCommittedEpoch();
            this.safeEpoch = checkpoint.safeEpoch();
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public void apply(Delta delta) {
            HummockDelta d = (HummockDelta) delta;
            HummockVersionResolver.requireFollows(d, id);
            ssts.removeAll(d.sstsRemoved());
            ssts.addAll(d.sstsAdded());
            id = d.id();
            maxCommittedEpoch = d.maxCommittedEpoch();
            safeEpoch = d.safeEpoch();
        }

        @Override
        public HummockVersion version() {
            return new HummockVersion(id, maxCommittedEpoch, safeEpoch, ssts.stream().toList());
        }

        @Override
        public byte[] checkpoint() {
            return codec.encodeCheckpoint(new HummockCheckpoint(id, maxCommittedEpoch, safeEpoch, ssts.stream().toList()));
        }
    }
}
