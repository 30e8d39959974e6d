package dev.metasnap.core.etcd;

import java.nio.charset.StandardCharsets;

/** One etcd key/value; {@code lease} is 0 when the key is not attached to a lease. */
public record MetaEntry(byte[] key, byte[] value, long lease) {

    public static MetaEntry of(String key, byte[] value) {
        return new MetaEntry(key.getBytes(StandardCharsets.UTF_8), value, 0);
    }

    public static MetaEntry of(String key, String value) {
        return of(key, value.getBytes(StandardCharsets.UTF_8));
    }

    public String keyText() {
        return new String(key, StandardCharsets.UTF_8);
    }

    public boolean isEphemeral() {
        return lease != 0;
    }
}
