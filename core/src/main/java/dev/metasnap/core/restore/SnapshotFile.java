package dev.metasnap.core.restore;

import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.format.SnapshotSection;
import dev.metasnap.core.verify.SnapshotScan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Reads parts of a downloaded, verified snapshot. */
public final class SnapshotFile {

    private SnapshotFile() {
    }

    public static SnapshotReader open(Path file) {
        return SnapshotReader.open(stream(file));
    }

    /** Reads the whole file, handing every section to {@code visitor} (see {@link SnapshotScan#read}). */
    public static SnapshotScan scan(Path file, Consumer<SnapshotSection> visitor) {
        return SnapshotScan.read(stream(file), visitor);
    }

    private static InputStream stream(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the downloaded snapshot " + file + ": " + e.getMessage(), e);
        }
    }

    /** The hummock objects (name to content); they precede every key block. */
    public static Map<String, byte[]> hummockObjects(Path file) {
        Map<String, byte[]> objects = new LinkedHashMap<>();
        try (SnapshotReader reader = open(file)) {
            for (var section = reader.next(); section.isPresent(); section = reader.next()) {
                if (section.get() instanceof SnapshotSection.HummockObject h) {
                    objects.put(h.name(), h.content());
                } else {
                    break;
                }
            }
        }
        return objects;
    }
}
