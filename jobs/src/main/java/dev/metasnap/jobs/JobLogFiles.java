package dev.metasnap.jobs;

import dev.metasnap.config.StorageUrl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where each job execution's own log lives: {@code {home}/logs/job-{executionId}.log}. */
public final class JobLogFiles {

    private static final Logger log = LoggerFactory.getLogger(JobLogFiles.class);
    private static final Set<Path> UNWRITABLE = ConcurrentHashMap.newKeySet();

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
     * every line is redacted again, so a secret in an exception message does not land in the file
     * either. A log that cannot be written is warned about (once per file) and never fails the
     * job or stops the listeners after this one.
     */
    static void append(Path home, long executionId, String text) {
        Path file = file(home, executionId);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Instant.now() + " " + StorageUrl.redactText(text).replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException | RuntimeException e) {
            if (UNWRITABLE.add(file)) {
                log.warn("cannot write the job log {}: {}; the job goes on without it (check that --home is writable)", file, e.toString());
            }
        }
    }
}
