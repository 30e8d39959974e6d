package dev.metasnap.cli;

import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.format.SnapshotSection;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;

/** Walks a snapshot's keys in order, one block in memory; for show and diff. */
final class SnapshotKeys {

    private final SnapshotReader reader;
    private final Deque<MetaEntry> block = new ArrayDeque<>();

    SnapshotKeys(SnapshotReader reader) {
        this.reader = reader;
    }

    /** The next entry, or null at the end. */
    MetaEntry next() {
        while (block.isEmpty()) {
            var section = reader.next();
            if (section.isEmpty()) {
                return null;
            }
            if (section.get() instanceof SnapshotSection.KvBlock kv) {
                block.addAll(kv.entries());
            }
        }
        return block.poll();
    }

    /** A value as text when it is printable UTF-8, else as hex. */
    static String display(byte[] value) {
        String text = new String(value, java.nio.charset.StandardCharsets.UTF_8);
        boolean printable = text.codePoints().allMatch(c -> c >= 0x20 && c != 0xfffd || c == '\t');
        return printable ? text : "0x" + HexFormat.of().formatHex(value);
    }
}
