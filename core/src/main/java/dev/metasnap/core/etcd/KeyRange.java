package dev.metasnap.core.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A half-open etcd key range [start, end); an empty prefix means the whole keyspace. */
public record KeyRange(byte[] start, byte[] end) {

    private static final byte[] ZERO = {0};

    public static KeyRange prefix(String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        if (p.length == 0) {
            // etcd's convention: key "\0" with range end "\0" is every key
            return new KeyRange(ZERO, ZERO);
        }
        byte[] end = Arrays.copyOf(p, p.length);
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return new KeyRange(p, Arrays.copyOf(end, i + 1));
            }
        }
        return new KeyRange(p, ZERO);
    }

    /** Exactly one key. */
    public static KeyRange single(byte[] key) {
        return new KeyRange(key, Arrays.copyOf(key, key.length + 1));
    }

    /** The same range starting just after {@code key}. */
    public KeyRange after(byte[] key) {
        byte[] next = Arrays.copyOf(key, key.length + 1);
        return new KeyRange(next, end);
    }
}
