package dev.metasnap.core.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads byte ranges of the snapshot object from its local pieces, as if they were one file. */
public final class SnapshotObjectSource {

    private final Path[] pieces;
    private final long[] sizes;

    public SnapshotObjectSource(Path... pieces) {
        this.pieces = pieces.clone();
        this.sizes = new long[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            try {
                sizes[i] = java.nio.file.Files.size(pieces[i]);
            } catch (IOException e) {
                throw new UncheckedIOException("snapshot piece " + pieces[i] + " is missing: " + e.getMessage(), e);
            }
        }
    }

    public long size() {
        long total = 0;
        for (long s : sizes) {
            total += s;
        }
        return total;
    }

    /** A stream over {@code length} bytes of the object from {@code offset}, read in small pieces. */
    public InputStream open(long offset, long length) {
        return new InputStream() {
            private long position = offset;
            private final long end = offset + length;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int off, int len) {
                if (position >= end) {
                    return -1;
                }
                int n = (int) Math.min(len, end - position);
                SnapshotObjectSource.this.read(position, buffer, off, n);
                position += n;
                return n;
            }
        };
    }

    /** Fills {@code buffer[0, length)} with the object's bytes from {@code offset}; safe to call from several threads. */
    public void read(long offset, byte[] buffer, int length) {
        read(offset, buffer, 0, length);
    }

    private void read(long offset, byte[] buffer, int bufferOffset, int length) {
        long position = offset;
        int filled = 0;
        for (int i = 0; i < pieces.length && filled < length; i++) {
            if (position >= sizes[i]) {
                position -= sizes[i];
                continue;
            }
            int n = (int) Math.min(length - filled, sizes[i] - position);
            try (FileChannel channel = FileChannel.open(pieces[i], StandardOpenOption.READ)) {
                ByteBuffer target = ByteBuffer.wrap(buffer, bufferOffset + filled, n);
                long at = position;
                while (target.hasRemaining()) {
                    int read = channel.read(target, at);
                    if (read < 0) {
                        throw new IllegalStateException("snapshot piece " + pieces[i] + " shrank while uploading");
                    }
                    at += read;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + pieces[i] + ": " + e.getMessage(), e);
            }
            filled += n;
            position = 0;
        }
        if (filled != length) {
            throw new IllegalStateException("asked for " + length + " bytes at " + offset + " of a " + size() + "-byte snapshot");
        }
    }
}
