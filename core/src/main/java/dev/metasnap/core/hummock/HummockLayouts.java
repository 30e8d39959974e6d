package dev.metasnap.core.hummock;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The layouts metasnap understands, and how it tells them apart. */
public final class HummockLayouts {

    public static final HummockLayout METASNAP = new MetasnapLayout();
    public static final HummockLayout RISINGWAVE = new RisingWaveLayout();
    private static final List<HummockLayout> ALL = List.of(RISINGWAVE, METASNAP);

    private HummockLayouts() {
    }

    /**
     * The layout of a checkpoint object: metasnap's own encoding starts with its magic
     * ({@code MSHC}); anything else is taken for RisingWave's protobuf, which has no magic,
     * and must then decode as one.
     */
    public static HummockLayout detect(byte[] checkpoint) {
        return MetasnapHummockCodec.isCheckpoint(checkpoint) ? METASNAP : RISINGWAVE;
    }

    /** A layout by name; {@code null} or blank is metasnap's own (manifests written before layouts were recorded). */
    public static HummockLayout named(String name) {
        if (name == null || name.isBlank()) {
            return METASNAP;
        }
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown hummock layout '" + name + "'; known: "
                + ALL.stream().map(HummockLayout::name).toList()));
    }

    public static Optional<HummockLayout> find(String name) {
        return ALL.stream().filter(l -> l.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(HummockLayout::name).toList();
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
