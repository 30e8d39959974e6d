package dev.metasnap.core.format;

import com.github.luben.zstd.Zstd;
import dev.metasnap.core.etcd.MetaEntry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Encoding of the snapshot object (docs/snapshot-format.md). An object is
 * {@code MAGIC, u32 format version, frames..., END_MAGIC}; every frame is
 * {@code u8 kind, u32 entries, u32 raw length, u32 stored length, u32 CRC32C of the stored
 * bytes, stored bytes}. All integers are big-endian.
 */
public final class SnapshotFormat {

    public static final byte[] MAGIC = "MSNAPSHT".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] END_MAGIC = "MSNAPEND".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT_VERSION = 1;
    public static final int FRAME_HEADER_BYTES = 17;
    /** A frame larger than this is corruption, not data: blocks are far smaller. */
    public static final int MAX_FRAME_BYTES = 256 * 1024 * 1024;
    static final int ZSTD_LEVEL = 1;

    private SnapshotFormat() {
    }

    public static byte[] preamble() {
        return ByteBuffer.allocate(MAGIC.length + 4).put(MAGIC).putInt(FORMAT_VERSION).array();
    }

    public static byte[] headerFrame(SnapshotHeader header) {
        byte[] json = Json.write(header);
        return frame(FrameKind.HEADER, 0, json.length, json);
    }

    public static byte[] trailerFrame(SnapshotTrailer trailer) {
        byte[] json = Json.write(trailer);
        return frame(FrameKind.TRAILER, 0, json.length, json);
    }

    /** A hummock manifest object: u16 name length, UTF-8 name, content. */
    public static byte[] hummockObjectFrame(String name, byte[] content) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] payload = ByteBuffer.allocate(2 + n.length + content.length).putShort((short) n.length).put(n).put(content).array();
        return frame(FrameKind.HUMMOCK_OBJECT, 1, payload.length, payload);
    }

    /** A zstd-compressed block of entries, each {@code varint key length, key, varint value length, value}. */
    public static byte[] kvBlockFrame(List<MetaEntry> entries) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream(estimate(entries));
        for (MetaEntry e : entries) {
            writeVarint(raw, e.key().length);
            raw.writeBytes(e.key());
            writeVarint(raw, e.value().length);
            raw.writeBytes(e.value());
        }
        byte[] rawBytes = raw.toByteArray();
        byte[] compressed = Zstd.compress(rawBytes, ZSTD_LEVEL);
        return frame(FrameKind.KV_BLOCK, entries.size(), rawBytes.length, compressed);
    }

    private static int estimate(List<MetaEntry> entries) {
        long total = 0;
        for (MetaEntry e : entries) {
            total += e.key().length + e.value().length + 6;
        }
        return (int) Math.min(total, Integer.MAX_VALUE - 16);
    }

    private static byte[] frame(FrameKind kind, int entries, int rawLength, byte[] stored) {
        CRC32C crc = new CRC32C();
        crc.update(stored);
        return ByteBuffer.allocate(FRAME_HEADER_BYTES + stored.length)
                .put(kind.tag()).putInt(entries).putInt(rawLength).putInt(stored.length).putInt((int) crc.getValue())
                .put(stored)
                .array();
    }

    static void writeVarint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
