package dev.metasnap.core.format;

/** The frame types of a snapshot object, by their one-byte tag. */
public enum FrameKind {
    HEADER('H'),
    HUMMOCK_OBJECT('M'),
    KV_BLOCK('K'),
    TRAILER('T');

    private final byte tag;

    FrameKind(char tag) {
        this.tag = (byte) tag;
    }

    public byte tag() {
        return tag;
    }

    /** How a message names the frame of this kind with {@code index} (counted per kind from 0). */
    public String region(long index) {
        return switch (this) {
            case HEADER -> "header";
            case TRAILER -> "trailer";
            case KV_BLOCK -> "block " + index;
            case HUMMOCK_OBJECT -> "hummock manifest " + index;
        };
    }

    public static FrameKind of(byte tag) {
        for (FrameKind k : values()) {
            if (k.tag == tag) {
                return k;
            }
        }
        return null;
    }
}
