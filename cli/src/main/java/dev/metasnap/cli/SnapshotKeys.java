package dev.metasnap.cli;

import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotEntries;
import dev.metasnap.core.format.SnapshotReader;
import java.util.HexFormat;

/** Walks a snapshot's keys in order, one block in memory; for show and diff. */
final class SnapshotKeys {

    private final SnapshotEntries entries;

    SnapshotKeys(SnapshotReader reader) {
        this.entries = new SnapshotEntries(reader);
    }

    /** The next entry, or null at the end. */
    MetaEntry next() {
        return entries.next();
    }

    /** A value as text when it is printable UTF-8, else as hex. */
    static String display(byte[] value) {
        String text = new String(value, java.nio.charset.StandardCharsets.UTF_8);
        boolean printable = text.codePoints().allMatch(c -> c >= 0x20 && c != 0xfffd || c == '\t');
        return printable ? text : "0x" + HexFormat.of().formatHex(value);
    }
}
