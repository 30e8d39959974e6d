package dev.metasnap.jobs;

import java.nio.file.Path;

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
}
