package dev.metasnap.steps.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The local files of one backup job instance. The snapshot object is the concatenation of
 * {@link #head()} (preamble, header, hummock frames), {@link #kvFrames()} and {@link #tail()}
 * (trailer, end marker), so it is never copied whole before the upload.
 */
public record BackupWorkFiles(Path directory) {

    public static BackupWorkFiles of(Path workRoot, long jobInstanceId) {
        return new BackupWorkFiles(workRoot.resolve("backup-" + jobInstanceId));
    }

    public Path hummockFrames() {
        return directory.resolve("hummock.frames");
    }

    public Path hummockVersion() {
        return directory.resolve("hummock-version.json");
    }

    public Path kvFrames() {
        return directory.resolve("kv.frames");
    }

    public Path head() {
        return directory.resolve("head.bin");
    }

    public Path tail() {
        return directory.resolve("tail.bin");
    }

    public Path uploadId() {
        return directory.resolve("upload-id");
    }

    public Path[] objectParts() {
        return new Path[] {head(), kvFrames(), tail()};
    }

    public void create() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create work directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Writes a small file via a temporary file and a rename, so a crash never leaves half of it. */
    public static void writeAtomically(Path target, byte[] content) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(temp, content);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public void delete() {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove work directory " + directory + ": " + e.getMessage(), e);
        }
    }
}
