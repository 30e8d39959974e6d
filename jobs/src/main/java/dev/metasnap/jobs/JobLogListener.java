package dev.metasnap.jobs;

import java.nio.file.Path;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;

/**
 * Writes each job execution's own log, {@link JobLogFiles#file}: the start with the job's
 * parameters, the failures and the end; {@link JobLogStepListener} writes the steps between, as
 * they start and end. A restart is a new execution with a new file.
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
        for (Throwable failure : execution.getAllFailureExceptions()) {
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                line(execution, (t == failure ? "failure: " : "  caused by: ") + t.getClass().getSimpleName() + ": " + t.getMessage());
            }
        }
        line(execution, "job ended " + execution.getStatus() + ", exit " + execution.getExitStatus().getExitCode());
    }

    private void line(JobExecution execution, String text) {
        JobLogFiles.append(home, execution.getId(), text);
    }
}
