package dev.metasnap.config;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Numeric ids in RisingWave's etcd keys: encoded as prost encodes a bare integer message
 * ({@code UInt64Value}): byte {@code 0x08}, then the id as a varint; id 0 is the empty key.
 * Such keys do not sort in id order, so callers decode and sort by id.
 */
public final class ProstIds {

    private static final int FIELD_1_VARINT = 0x08;

    private ProstIds() {
    }

    public static byte[] encode(long id) {
        if (id == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(11);
        out.write(FIELD_1_VARINT);
        long v = id;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    /** The id a key suffix encodes, or empty when the bytes are not one prost-encoded integer. */
    public static OptionalLong decode(byte[] suffix) {
        if (suffix.length == 0) {
            return OptionalLong.of(0);
        }
        if (suffix[0] != FIELD_1_VARINT || suffix.length > 11) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 1, shift = 0; i < suffix.length; i++, shift += 7) {
            byte b = suffix[i];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return i == suffix.length - 1 && Arrays.equals(encode(value), suffix) ? OptionalLong.of(value) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }
}
