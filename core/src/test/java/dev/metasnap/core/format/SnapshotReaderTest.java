package dev.metasnap.core.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.core.etcd.MetaEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotReaderTest {

    private static final int HEADER_END = 200;

    private static List<MetaEntry> entries(int from, int n) {
        Random r = new Random(from);
        List<MetaEntry> list = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            byte[] v = new byte[50 + r.nextInt(100)];
            r.nextBytes(v);
            list.add(MetaEntry.of(String.format("cf/catalog_table/%06d", i), v));
        }
        return list;
    }

    /** An object with two blocks; offsets of each region for the corruption tests. */
    private static byte[] object(int[] blockStart) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(SnapshotFormat.preamble());
        o.writeBytes(SnapshotFormat.headerFrame(new SnapshotHeader(1, 7, "cluster", 42, "", "2026-01-01T00:00:00Z", "test")));
        o.writeBytes(SnapshotFormat.hummockObjectFrame("checkpoint/0", new byte[] {1, 2, 3}));
        byte[] b0 = SnapshotFormat.kvBlockFrame(entries(0, 100));
        byte[] b1 = SnapshotFormat.kvBlockFrame(entries(100, 50));
        blockStart[0] = o.size();
        o.writeBytes(b0);
        blockStart[1] = o.size();
        o.writeBytes(b1);
        blockStart[2] = o.size();
        SnapshotReader.FrameTotals blocks = totals(concat(b0, b1), FrameKind.KV_BLOCK);
        o.writeBytes(SnapshotFormat.trailerFrame(new SnapshotTrailer(2, 150, blocks.rawBytes(), b0.length + b1.length - 34, 1)));
        o.writeBytes(SnapshotFormat.END_MAGIC);
        return o.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    private static SnapshotReader.FrameTotals totals(byte[] frames, FrameKind kind) {
        try {
            return SnapshotReader.totals(new ByteArrayInputStream(frames), kind);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void totalsAddUpTheFramesAndNameTheOneThatIsDamaged() {
        byte[] b0 = SnapshotFormat.kvBlockFrame(entries(0, 100));
        byte[] b1 = SnapshotFormat.kvBlockFrame(entries(100, 50));
        SnapshotReader.FrameTotals t = totals(concat(b0, b1), FrameKind.KV_BLOCK);
        assertEquals(2, t.frames());
        assertEquals(150, t.entries());
        assertEquals(b0.length + b1.length - 2L * SnapshotFormat.FRAME_HEADER_BYTES, t.storedBytes());
        long raw = 0;
        List<MetaEntry> all = new ArrayList<>(entries(0, 100));
        all.addAll(entries(100, 50));
        for (MetaEntry e : all) {
            raw += (e.key().length < 128 ? 1 : 2) + e.key().length + (e.value().length < 128 ? 1 : 2) + e.value().length;
        }
        assertEquals(raw, t.rawBytes(), "a varint length before each key and value");
        assertEquals(0, totals(new byte[0], FrameKind.KV_BLOCK).frames());

        byte[] cut = java.util.Arrays.copyOf(concat(b0, b1), b0.length + 10);
        assertEquals("block 1", assertThrows(SnapshotCorruptException.class, () -> totals(cut, FrameKind.KV_BLOCK)).region());
        byte[] mixed = concat(b0, SnapshotFormat.hummockObjectFrame("checkpoint/0", new byte[] {1}));
        SnapshotCorruptException other = assertThrows(SnapshotCorruptException.class, () -> totals(mixed, FrameKind.KV_BLOCK));
        assertEquals("block 1", other.region());
        assertTrue(other.getMessage().contains("HUMMOCK_OBJECT"), other.getMessage());
        assertEquals(1, totals(SnapshotFormat.hummockObjectFrame("checkpoint/0", new byte[] {1}), FrameKind.HUMMOCK_OBJECT).frames());
    }

    private static void readAll(byte[] bytes) {
        try (SnapshotReader r = SnapshotReader.open(new ByteArrayInputStream(bytes))) {
            while (r.next().isPresent()) {
                // drain
            }
        }
    }

    @Test
    void readsBackEveryEntryAndTheSha256OfTheWholeObject() throws Exception {
        byte[] bytes = object(new int[3]);
        List<MetaEntry> read = new ArrayList<>();
        String sha;
        try (SnapshotReader r = SnapshotReader.open(new ByteArrayInputStream(bytes))) {
            assertEquals(7, r.header().snapshotId());
            for (var s = r.next(); s.isPresent(); s = r.next()) {
                if (s.get() instanceof SnapshotSection.KvBlock b) {
                    read.addAll(b.entries());
                }
            }
            sha = r.sha256();
        }
        assertEquals(150, read.size());
        List<MetaEntry> expected = new ArrayList<>(entries(0, 100));
        expected.addAll(entries(100, 50));
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).keyText(), read.get(i).keyText());
            assertEquals(HexFormat.of().formatHex(expected.get(i).value()), HexFormat.of().formatHex(read.get(i).value()));
        }
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), sha);
    }

    @Test
    void aFlippedByteIsFoundAndNamedByRegion() {
        int[] at = new int[3];
        byte[] clean = object(at);
        assertEquals("header", corruptAt(clean, 40).region());
        assertEquals("block 0", corruptAt(clean, at[0] + 30).region());
        assertEquals("block 1", corruptAt(clean, at[1] + 40).region());
        assertEquals("trailer", corruptAt(clean, at[2] + 25).region());
        assertEquals("trailer", corruptAt(clean, clean.length - 2).region(), "end marker");
    }

    private static SnapshotCorruptException corruptAt(byte[] clean, int offset) {
        byte[] bytes = clean.clone();
        bytes[offset] ^= 0x40;
        return assertThrows(SnapshotCorruptException.class, () -> readAll(bytes));
    }

    @Test
    void truncationAndUnknownFormatsAreRefused() {
        byte[] clean = object(new int[3]);
        byte[] cut = java.util.Arrays.copyOf(clean, clean.length - 20);
        assertTrue(assertThrows(SnapshotCorruptException.class, () -> readAll(cut)).getMessage().contains("truncated")
                || assertThrows(SnapshotCorruptException.class, () -> readAll(cut)).region().equals("trailer"));
        byte[] future = clean.clone();
        future[11] = 9;
        assertTrue(assertThrows(SnapshotCorruptException.class, () -> readAll(future)).getMessage().contains("format 9 is not supported"));
    }

    @Test
    void aBadHeaderClosesTheSourceItWasGiven() {
        boolean[] closed = {false};
        java.io.InputStream source = new java.io.ByteArrayInputStream("not a snapshot at all".getBytes()) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertThrows(SnapshotCorruptException.class, () -> SnapshotReader.open(source));
        assertTrue(closed[0], "no pooled connection is left open by a corrupt object");
    }
}
