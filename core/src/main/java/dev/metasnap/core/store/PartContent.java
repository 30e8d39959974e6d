package dev.metasnap.core.store;

import java.io.ByteArrayInputStream;
import java.io.InputStream;

/** The bytes of one multipart part, opened as a stream as often as a retry needs, never held whole in memory. */
public interface PartContent {

    long length();

    /** A new stream over the part's bytes; the caller closes it. */
    InputStream open();

    static PartContent of(byte[] bytes) {
        return new PartContent() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }
}
