package dev.metasnap.core.format;

import com.github.luben.zstd.Zstd;
import dev.metasnap.core.etcd.MetaEntry;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Streams a snapshot object frame by frame, checking every CRC32C, the counts in the trailer
 * and the end marker, and computing the SHA-256 of the whole object as it goes. Holds at most
 * one block in memory.
 */
public final class SnapshotReader implements Closeable {

    private final DataInputStream in;
    private final MessageDigest sha256;
    private final SnapshotHeader header;
    private long blocks;
    private long entries;
    private long rawBytes;
    private long storedBytes;
    private int hummockObjects;
    private boolean finished;

    private SnapshotReader(DataInputStream in, MessageDigest sha256, SnapshotHeader header) {
        this.in = in;
        this.sha256 = sha256;
        this.header = header;
    }

    /** Opens a reader over {@code source}; when the header is bad the source is closed here, since no reader takes it over. */
    public static SnapshotReader open(InputStream source) {
        try {
            return openOrThrow(source);
        } catch (RuntimeException e) {
            try {
                source.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static SnapshotReader openOrThrow(InputStream source) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        DataInputStream in = new DataInputStream(new DigestInputStream(new BufferedInputStream(source, 1 << 16), sha));
        try {
            byte[] magic = new byte[SnapshotFormat.MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, SnapshotFormat.MAGIC)) {
                throw new SnapshotCorruptException("header", "not a metasnap snapshot (bad magic)");
            }
            int version = in.readInt();
            if (version != SnapshotFormat.FORMAT_VERSION) {
                throw new SnapshotCorruptException("header", "snapshot format " + version
                        + " is not supported by this build (reads " + SnapshotFormat.FORMAT_VERSION + "); use a newer metasnap");
            }
            Frame f = readFrame(in, "header", 0, 0);
            if (f.kind != FrameKind.HEADER) {
                throw new SnapshotCorruptException("header", "first frame is " + f.kind + ", not the header");
            }
            SnapshotHeader header = Json.read(f.payload, SnapshotHeader.class);
            return new SnapshotReader(in, sha, header);
        } catch (EOFException e) {
            throw new SnapshotCorruptException("header", "object ends inside the header");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new SnapshotCorruptException("header", "header JSON does not parse: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("reading the snapshot header failed: " + e.getMessage(), e);
        }
    }

    public SnapshotHeader header() {
        return header;
    }

    /** The next section, or empty after the trailer has been read and checked. */
    public Optional<SnapshotSection> next() {
        if (finished) {
            return Optional.empty();
        }
        String region = FrameKind.KV_BLOCK.region(blocks) + " (or the trailer)";
        try {
            Frame f = readFrame(in, region, blocks, hummockObjects);
            switch (f.kind) {
                case HUMMOCK_OBJECT -> {
                    String where = FrameKind.HUMMOCK_OBJECT.region(hummockObjects);
                    ByteBuffer b = ByteBuffer.wrap(f.payload);
                    int nameLength = Short.toUnsignedInt(b.getShort());
                    if (nameLength > b.remaining()) {
                        throw new SnapshotCorruptException(where, "name length " + nameLength + " exceeds the frame");
                    }
                    byte[] name = new byte[nameLength];
                    b.get(name);
                    byte[] content = new byte[b.remaining()];
                    b.get(content);
                    hummockObjects++;
                    return Optional.of(new SnapshotSection.HummockObject(new String(name, StandardCharsets.UTF_8), content));
                }
                case KV_BLOCK -> {
                    long index = blocks++;
                    List<MetaEntry> decoded = decodeBlock(FrameKind.KV_BLOCK.region(index), f);
                    entries += decoded.size();
                    rawBytes += f.rawLength;
                    storedBytes += f.payload.length;
                    return Optional.of(new SnapshotSection.KvBlock(index, decoded, f.rawLength, f.payload.length));
                }
                case TRAILER -> {
                    SnapshotTrailer t;
                    try {
                        t = Json.read(f.payload, SnapshotTrailer.class);
                    } catch (com.fasterxml.jackson.core.JacksonException e) {
                        throw new SnapshotCorruptException("trailer", "trailer JSON does not parse");
                    }
                    check(t);
                    byte[] end = new byte[SnapshotFormat.END_MAGIC.length];
                    in.readFully(end);
                    if (!Arrays.equals(end, SnapshotFormat.END_MAGIC)) {
                        throw new SnapshotCorruptException("trailer", "end marker is missing or damaged");
                    }
                    if (in.read() != -1) {
                        throw new SnapshotCorruptException("trailer", "bytes follow the end marker");
                    }
                    finished = true;
                    return Optional.of(new SnapshotSection.Trailer(t));
                }
                default -> throw new SnapshotCorruptException(region, "unexpected " + f.kind + " frame");
            }
        } catch (EOFException e) {
            throw new SnapshotCorruptException(region, "object ends early (truncated)");
        } catch (IOException e) {
            throw new UncheckedIOException("reading the snapshot failed in " + region + ": " + e.getMessage(), e);
        }
    }

    private void check(SnapshotTrailer t) {
        if (t.kvBlocks() != blocks || t.kvEntries() != entries || t.kvRawBytes() != rawBytes
                || t.kvStoredBytes() != storedBytes || t.hummockObjects() != hummockObjects) {
            throw new SnapshotCorruptException("trailer", "totals disagree with the content: trailer says " + t.kvBlocks()
                    + " blocks, " + t.kvEntries() + " keys, " + t.hummockObjects() + " hummock objects; read " + blocks
                    + " blocks, " + entries + " keys, " + hummockObjects + " hummock objects");
        }
    }

    /** Hex SHA-256 of every byte read; complete once {@link #next()} returned empty. */
    public String sha256() {
        if (!finished) {
            throw new IllegalStateException("the snapshot has not been read to its end");
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Frame(FrameKind kind, int entries, int rawLength, byte[] payload) {
    }

    /** The fixed part of a frame, after its tag: the one place that knows where a frame's fields are. */
    private record FrameHeader(FrameKind kind, int entries, int rawLength, int storedLength, int crc) {
    }

    private static FrameHeader readHeader(int tag, DataInputStream in, String region) throws IOException {
        FrameKind kind = FrameKind.of((byte) tag);
        if (kind == null) {
            throw new SnapshotCorruptException(region, "unknown frame tag 0x" + Integer.toHexString(tag & 0xff));
        }
        int entries = in.readInt();
        int rawLength = in.readInt();
        int storedLength = in.readInt();
        int crc = in.readInt();
        if (storedLength < 0 || storedLength > SnapshotFormat.MAX_FRAME_BYTES || rawLength < 0 || rawLength > SnapshotFormat.MAX_FRAME_BYTES || entries < 0) {
            throw new SnapshotCorruptException(region, "frame lengths are out of range (stored " + storedLength + ", raw " + rawLength + ")");
        }
        return new FrameHeader(kind, entries, rawLength, storedLength, crc);
    }

    private static Frame readFrame(DataInputStream in, String region, long blockIndex, int hummockIndex) throws IOException {
        int tag = in.read();
        if (tag < 0) {
            throw new EOFException();
        }
        FrameHeader h = readHeader(tag, in, region);
        byte[] payload = new byte[h.storedLength()];
        in.readFully(payload);
        CRC32C c = new CRC32C();
        c.update(payload);
        if ((int) c.getValue() != h.crc()) {
            String where = h.kind().region(h.kind() == FrameKind.KV_BLOCK ? blockIndex : hummockIndex);
            throw new SnapshotCorruptException(where, "CRC32C mismatch (stored " + Integer.toHexString(h.crc()) + ", computed "
                    + Integer.toHexString((int) c.getValue()) + ")");
        }
        return new Frame(h.kind(), h.entries(), h.rawLength(), payload);
    }

    /** What a run of frames of one kind adds up to: the totals a trailer records. */
    public record FrameTotals(long frames, long entries, long rawBytes, long storedBytes) {
    }

    /**
     * Adds up the frames of {@code kind} that make up {@code frames} to its end (the pieces a
     * backup seals into an object), reading every byte, so a digest around the stream sees them
     * all; payloads are neither decoded nor checked here (reading the object does that).
     *
     * @throws SnapshotCorruptException naming the frame that is of another kind or cut short
     */
    public static FrameTotals totals(InputStream frames, FrameKind kind) throws IOException {
        DataInputStream in = new DataInputStream(frames);
        byte[] skip = new byte[1 << 16];
        long count = 0;
        long entries = 0;
        long raw = 0;
        long stored = 0;
        for (int tag = in.read(); tag >= 0; tag = in.read()) {
            String region = kind.region(count);
            try {
                FrameHeader h = readHeader(tag, in, region);
                if (h.kind() != kind) {
                    throw new SnapshotCorruptException(region, "is a " + h.kind() + " frame, not a " + kind + " frame");
                }
                for (int left = h.storedLength(); left > 0; ) {
                    int n = in.read(skip, 0, Math.min(skip.length, left));
                    if (n < 0) {
                        throw new EOFException();
                    }
                    left -= n;
                }
                count++;
                entries += h.entries();
                raw += h.rawLength();
                stored += h.storedLength();
            } catch (EOFException e) {
                throw new SnapshotCorruptException(region, "the frames end inside it (truncated)");
            }
        }
        return new FrameTotals(count, entries, raw, stored);
    }

    private static List<MetaEntry> decodeBlock(String region, Frame f) {
        byte[] raw;
        try {
            raw = Zstd.decompress(f.payload, f.rawLength);
        } catch (RuntimeException e) {
            throw new SnapshotCorruptException(region, "does not decompress: " + e.getMessage());
        }
        if (raw.length != f.rawLength) {
            throw new SnapshotCorruptException(region, "decompressed to " + raw.length + " bytes, expected " + f.rawLength);
        }
        ByteBuffer b = ByteBuffer.wrap(raw);
        List<MetaEntry> result = new ArrayList<>(f.entries);
        try {
            for (int i = 0; i < f.entries; i++) {
                byte[] key = new byte[readVarint(b)];
                b.get(key);
                byte[] value = new byte[readVarint(b)];
                b.get(value);
                result.add(new MetaEntry(key, value, 0));
            }
        } catch (RuntimeException e) {
            throw new SnapshotCorruptException(region, "entries do not decode (" + e.getClass().getSimpleName() + ")");
        }
        if (b.hasRemaining()) {
            throw new SnapshotCorruptException(region, b.remaining() + " bytes follow the last entry");
        }
        return result;
    }

    private static int readVarint(ByteBuffer b) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            byte x = b.get();
            result |= (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                if (result < 0) {
                    throw new IllegalArgumentException("negative length");
                }
                return result;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }
}
