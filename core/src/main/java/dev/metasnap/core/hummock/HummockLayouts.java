package dev.metasnap.core.hummock;

import dev.metasnap.core.manifest.UnsupportedFormatException;

/** The hummock layout metasnap reads, and the check of the layout a manifest entry records. */
public final class HummockLayouts {

    public static final HummockLayout RISINGWAVE = new HummockLayout();

    /** What manifests of metasnap's former synthetic layout record; none record it any more. */
    private static final String FORMER_SYNTHETIC = "metasnap";

    private HummockLayouts() {
    }

    /**
     * The layout name a manifest entry records, for listing: entries without one are of the former
     * synthetic layout. Listing never refuses an entry; {@link #named} does where the layout is read.
     */
    public static String recordedName(String name) {
        return name == null || name.isBlank() ? FORMER_SYNTHETIC : name;
    }

    /**
     * The layout a manifest entry records. Entries that record none, or {@code metasnap}, were taken
     * of a cluster in metasnap's former synthetic layout, which no real cluster has and this build no
     * longer reads.
     *
     * @throws UnsupportedFormatException for any name but {@code risingwave}
     */
    public static HummockLayout named(String name) {
        if (RISINGWAVE.name().equals(name)) {
            return RISINGWAVE;
        }
        if (name == null || name.isBlank() || name.equals(FORMER_SYNTHETIC)) {
            throw new UnsupportedFormatException("the snapshot was taken in metasnap's former synthetic hummock layout ("
                    + (name == null || name.isBlank() ? "no layout recorded" : "'" + name + "'") + "), which this build no longer reads;"
                    + " only RisingWave's layout ('" + RISINGWAVE.name() + "') is supported: take a new backup of the cluster");
        }
        throw new UnsupportedFormatException("unknown hummock layout '" + name + "'; this build reads only '" + RISINGWAVE.name() + "'");
    }
}
