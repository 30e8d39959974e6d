package dev.metasnap.steps.hummock;

/** Encoding of checkpoints and deltas; one implementation per on-disk format. */
public interface HummockCodec {

    byte[] encodeCheckpoint(HummockCheckpoint checkpoint);

    HummockCheckpoint decodeCheckpoint(byte[] bytes);

    byte[] encodeDelta(HummockDelta delta);

    HummockDelta decodeDelta(byte[] bytes);
}
