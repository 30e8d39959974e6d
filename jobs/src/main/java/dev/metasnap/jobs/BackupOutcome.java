package dev.metasnap.jobs;

import dev.metasnap.core.format.Json;
import dev.metasnap.core.ssts.SstCopy;
import dev.metasnap.steps.backup.BackupContextKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/** What a backup run achieved, read from its job context (zero for what it did not get to). */
public record BackupOutcome(long snapshotId, long keyCount, long rawBytes, long objectBytes, long revision, Optional<SstCopy> sstCopy) {

    public static BackupOutcome of(JobExecution execution) {
        return of(execution.getExecutionContext());
    }

    public static BackupOutcome of(ExecutionContext c) {
        Optional<SstCopy> copy = Optional.empty();
        if (c.containsKey(BackupContextKeys.SST_COPY)) {
            try {
                copy = Optional.of(Json.read(c.getString(BackupContextKeys.SST_COPY).getBytes(StandardCharsets.UTF_8), SstCopy.class));
            } catch (IOException e) {
                throw new UncheckedIOException("the SST copy recorded by the run does not parse: " + e.getMessage(), e);
            }
        }
        return new BackupOutcome(c.getLong(BackupContextKeys.SNAPSHOT_ID, 0), c.getLong(BackupContextKeys.KEY_COUNT, 0),
                c.getLong(BackupContextKeys.RAW_BYTES, 0), c.getLong(BackupContextKeys.OBJECT_BYTES, 0), c.getLong(BackupContextKeys.REVISION, 0), copy);
    }
}
