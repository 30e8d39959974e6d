package dev.metasnap.core.workdir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The local work directory of one job instance (named for the job and its instance id, under the work root): what
 * a failed run keeps for its restart, and what finishing or abandoning it frees. The one place
 * that names, measures and removes these directories.
 */
public final class WorkFiles {

    private WorkFiles() {
    }

    public static Path directory(Path workRoot, String jobName, long jobInstanceId) {
        return workRoot.resolve(jobName + "-" + jobInstanceId);
    }

    /** Bytes held under the directory; 0 when it does not exist. */
    public static long bytes(Path directory) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    public static void delete(Path directory) {
        try {
            LocalDirectories.deleteTree(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove work directory " + directory + ": " + e.getMessage()
                    + "; remove it by hand", e);
        }
    }
}
