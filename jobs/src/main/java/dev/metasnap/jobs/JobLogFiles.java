package dev.metasnap.jobs;

import dev.metasnap.config.StorageUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Where each job execution's own log lives: {@code {home}/logs/job-{executionId}.log}. */
public final class JobLogFiles {

    private JobLogFiles() {
    }

    public static Path directory(Path home) {
        return home.resolve("logs");
    }

    public static Path file(Path home, long executionId) {
        return directory(home).resolve("job-" + executionId + ".log");
    }

    /**
     * Appends one timestamped line to an execution's log. Job parameters hold only redacted URLs;
     * every line is redacted again, so a secret in an exception message does not land in the file either.
     */
    static void append(Path home, long executionId, String text) {
        Path file = file(home, executionId);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Instant.now() + " " + StorageUrl.redactText(text).replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job log " + file + ": " + e.getMessage() + "; check that --home is writable", e);
        }
    }
}
