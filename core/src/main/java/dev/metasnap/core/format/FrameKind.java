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

    public static FrameKind of(byte tag) {
        for (FrameKind k : values()) {
            if (k.tag == tag) {
                return k;
            }
        }
        return null;
    }
}
