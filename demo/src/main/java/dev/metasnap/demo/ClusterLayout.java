package dev.metasnap.demo;

import dev.metasnap.config.ProstIds;
import dev.metasnap.core.hummock.HummockLayout;
import dev.metasnap.core.hummock.HummockLayouts;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The two layouts the generator writes: RisingWave v1.x's own and metasnap's documented one. */
public enum ClusterLayout {
    /** Prost-encoded ids in keys, protobuf hummock messages, 8-byte id generators. */
    RISINGWAVE(HummockLayouts.RISINGWAVE),
    /** Decimal ids in keys, metasnap's fixed-width hummock encoding, decimal id generators. */
    METASNAP(HummockLayouts.METASNAP);

    private final HummockLayout hummock;

    ClusterLayout(HummockLayout hummock) {
        this.hummock = hummock;
    }

    public HummockLayout hummock() {
        return hummock;
    }

    /** The key suffix of catalog object {@code id}. */
    byte[] idSuffix(long id) {
        return this == RISINGWAVE ? ProstIds.encode(id) : Long.toString(id).getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code default/} key and value of an id generator whose next bound is {@code next}. */
    String idGeneratorKey(String category) {
        return this == RISINGWAVE ? category + "_id_next_generator" : "id_gen/" + category;
    }

    byte[] idGeneratorValue(long next) {
        return this == RISINGWAVE ? ByteBuffer.allocate(Long.BYTES).putLong(next).array()
                : Long.toString(next).getBytes(StandardCharsets.US_ASCII);
    }

    public static ClusterLayout parse(String text) {
        for (ClusterLayout l : values()) {
            if (l.name().equalsIgnoreCase(text)) {
                return l;
            }
        }
        throw new dev.metasnap.config.InvalidSettingException("unknown cluster layout '" + text + "'; use risingwave or metasnap");
    }
}
