package dev.metasnap.jobs;

import dev.metasnap.config.StorageUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Writes each job execution's own log, {@link JobLogFiles#file}: the start with the job's
 * parameters, then every step with its counts and exit message, the failures and the end. Job
 * parameters hold only redacted URLs; every line is redacted again, so a secret in an exception
 * message does not land in the file either. A restart is a new execution with a new file.
 */
public final class JobLogListener implements JobExecutionListener {

    private final Path home;

    public JobLogListener(Path home) {
        this.home = home;
    }

    @Override
    public void beforeJob(JobExecution execution) {
        line(execution, "job " + execution.getJobInstance().getJobName() + " execution " + execution.getId()
                + " (instance " + execution.getJobInstanceId() + ") started by pid " + ProcessHandle.current().pid());
        execution.getJobParameters().parameters().forEach(p -> line(execution, "parameter " + p.name() + " = " + p.value()));
    }

    @Override
    public void afterJob(JobExecution execution) {
        for (StepExecution s : execution.getStepExecutions()) {
            line(execution, String.format(Locale.ROOT, "step %s %s: read %d, written %d, commits %d, rollbacks %d%s", s.getStepName(), s.getStatus(),
                    s.getReadCount(), s.getWriteCount(), s.getCommitCount(), s.getRollbackCount(),
                    s.getExitStatus().getExitDescription().isEmpty() ? "" : "; " + s.getExitStatus().getExitDescription()));
        }
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                line(execution, (t == failure ? "failure: " : "  caused by: ") + t.getClass().getSimpleName() + ": " + t.getMessage());
            }
        }
        line(execution, "job ended " + execution.getStatus() + ", exit " + execution.getExitStatus().getExitCode());
    }

    private void line(JobExecution execution, String text) {
        Path file = JobLogFiles.file(home, execution.getId());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, Instant.now() + " " + StorageUrl.redactText(text).replace('\n', ' ') + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the job log " + file + ": " + e.getMessage() + "; check that --home is writable", e);
        }
    }
}
