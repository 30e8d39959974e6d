package dev.metasnap.steps.backup;

import dev.metasnap.core.workdir.WorkFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import dev.metasnap.steps.run.JobRun;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The local files of one backup job instance. The snapshot object is the concatenation of
 * {@link #head()} (preamble, header, hummock frames), {@link #kvFrames()} and {@link #tail()}
 * (trailer, end marker), so it is never copied whole before the upload.
 */
public record BackupWorkFiles(Path directory) {

    public static BackupWorkFiles of(JobRun run) {
        return of(run.workRoot(), run.jobInstanceId());
    }

    public static BackupWorkFiles of(Path workRoot, long jobInstanceId) {
        return new BackupWorkFiles(WorkFiles.directory(workRoot, "backup", jobInstanceId));
    }

    public Path hummockFrames() {
        return directory.resolve("hummock.frames");
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

    /** True when the head, block file and tail are all here and add up to the sealed object's size. */
    public boolean holdsSealedObject(long objectBytes) {
        long total = 0;
        for (Path part : objectParts()) {
            if (!Files.isRegularFile(part)) {
                return false;
            }
            total += size(part);
        }
        return total == objectBytes;
    }

    /** True when the hummock frames and a block file of the exported length are here. */
    public boolean holdsExport(long kvBytes) {
        return Files.isRegularFile(hummockFrames()) && Files.isRegularFile(kvFrames()) && size(kvFrames()) == kvBytes;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    public void create() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create work directory " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a small file via a synced temporary file and a rename, so neither a crash nor a power
     * loss leaves half of it.
     */
    public static void writeAtomically(Path target, byte[] content) {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void syncDirectory(Path directory) {
        // makes the rename durable; some file systems refuse to open a directory, and then the rename is all we have
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // nothing more can be done portably
        }
    }

    public void delete() {
        WorkFiles.delete(directory);
    }

}
