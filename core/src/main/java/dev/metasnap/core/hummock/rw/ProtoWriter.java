package dev.metasnap.core.hummock.rw;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Writes one protobuf message the way prost does: default scalars omitted, repeated scalars packed. */
final class ProtoWriter {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(buffer);

    ProtoWriter u64(int field, long value) {
        if (value != 0) {
            run(() -> out.writeUInt64(field, value));
        }
        return this;
    }

    ProtoWriter u32(int field, int value) {
        if (value != 0) {
            run(() -> out.writeUInt32(field, value));
        }
        return this;
    }

    ProtoWriter bool(int field, boolean value) {
        if (value) {
            run(() -> out.writeBool(field, true));
        }
        return this;
    }

    /** A length-delimited field, written even when empty (an empty message is still present). */
    ProtoWriter bytes(int field, byte[] value) {
        run(() -> out.writeByteArray(field, value));
        return this;
    }

    ProtoWriter u32s(int field, List<Integer> values) {
        if (!values.isEmpty()) {
            int size = 0;
            for (int v : values) {
                size += CodedOutputStream.computeUInt32SizeNoTag(v);
            }
            int length = size;
            run(() -> {
                out.writeTag(field, 2);
                out.writeUInt32NoTag(length);
                for (int v : values) {
                    out.writeUInt32NoTag(v);
                }
            });
        }
        return this;
    }

    ProtoWriter u64s(int field, List<Long> values) {
        if (!values.isEmpty()) {
            int size = 0;
            for (long v : values) {
                size += CodedOutputStream.computeUInt64SizeNoTag(v);
            }
            int length = size;
            run(() -> {
                out.writeTag(field, 2);
                out.writeUInt32NoTag(length);
                for (long v : values) {
                    out.writeUInt64NoTag(v);
                }
            });
        }
        return this;
    }

    /** Fields kept verbatim from a decoded message (tag included). */
    ProtoWriter raw(byte[] fields) {
        run(() -> out.writeRawBytes(fields));
        return this;
    }

    byte[] toByteArray() {
        run(out::flush);
        return buffer.toByteArray();
    }

    private interface Write {
        void run() throws IOException;
    }

    private static void run(Write write) {
        try {
            write.run();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
    }
}
