package dev.metasnap.core.hummock;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's own v1 encoding (docs/cluster-layout.md): a 4-byte magic, a 2-byte format
 * version, then big-endian fixed-width fields and length-prefixed lists of SST object ids.
 */
public final class MetasnapHummockCodec {

    static final byte[] CHECKPOINT_MAGIC = "MSHC".getBytes(StandardCharsets.US_ASCII);
    static final byte[] DELTA_MAGIC = "MSHD".getBytes(StandardCharsets.US_ASCII);
    static final short FORMAT_VERSION = 1;

    static boolean isCheckpoint(byte[] bytes) {
        return HummockLayouts.startsWith(bytes, CHECKPOINT_MAGIC);
    }

    public byte[] encodeCheckpoint(HummockCheckpoint c) {
        ByteBuffer b = ByteBuffer.allocate(4 + 2 + 24 + 4 + 8 * c.ssts().size());
        b.put(CHECKPOINT_MAGIC).putShort(FORMAT_VERSION)
                .putLong(c.versionId()).putLong(c.maxCommittedEpoch()).putLong(c.safeEpoch());
        putIds(b, c.ssts());
        return b.array();
    }

    public HummockCheckpoint decodeCheckpoint(byte[] bytes) {
        try {
            ByteBuffer b = open(bytes, CHECKPOINT_MAGIC, "checkpoint");
            HummockCheckpoint c = new HummockCheckpoint(b.getLong(), b.getLong(), b.getLong(), ids(b));
            end(b, "checkpoint");
            return c;
        } catch (BufferUnderflowException e) {
            throw new HummockFormatException("hummock checkpoint is truncated (" + bytes.length + " bytes)");
        }
    }

    public byte[] encodeDelta(HummockDelta d) {
        ByteBuffer b = ByteBuffer.allocate(4 + 2 + 32 + 8 + 8 * (d.sstsAdded().size() + d.sstsRemoved().size()));
        b.put(DELTA_MAGIC).putShort(FORMAT_VERSION)
                .putLong(d.id()).putLong(d.prevId()).putLong(d.maxCommittedEpoch()).putLong(d.safeEpoch());
        putIds(b, d.sstsAdded());
        putIds(b, d.sstsRemoved());
        return b.array();
    }

    public HummockDelta decodeDelta(byte[] bytes) {
        try {
            ByteBuffer b = open(bytes, DELTA_MAGIC, "delta");
            HummockDelta d = new HummockDelta(b.getLong(), b.getLong(), b.getLong(), b.getLong(), ids(b), ids(b));
            end(b, "delta");
            return d;
        } catch (BufferUnderflowException e) {
            throw new HummockFormatException("hummock delta is truncated (" + bytes.length + " bytes)");
        }
    }

    private static ByteBuffer open(byte[] bytes, byte[] magic, String what) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] found = new byte[4];
        b.get(found);
        if (!java.util.Arrays.equals(found, magic)) {
            throw new HummockFormatException("not a hummock " + what + ": magic is " + new String(found, StandardCharsets.ISO_8859_1));
        }
        short version = b.getShort();
        if (version != FORMAT_VERSION) {
            throw new HummockFormatException("hummock " + what + " format " + version + " is not supported (this build reads " + FORMAT_VERSION + ")");
        }
        return b;
    }

    private static void end(ByteBuffer b, String what) {
        if (b.hasRemaining()) {
            throw new HummockFormatException("hummock " + what + " has " + b.remaining() + " trailing bytes");
        }
    }

    private static void putIds(ByteBuffer b, List<Long> ids) {
        b.putInt(ids.size());
        ids.forEach(b::putLong);
    }

    private static List<Long> ids(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 8) {
            throw new BufferUnderflowException();
        }
        List<Long> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(b.getLong());
        }
        return ids;
    }
}
