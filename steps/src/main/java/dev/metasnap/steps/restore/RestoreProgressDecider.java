package dev.metasnap.steps.restore;

import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.flow.FlowExecutionStatus;
import org.springframework.batch.core.job.flow.JobExecutionDecider;
import org.springframework.batch.core.step.StepExecution;

/** After the preflight: a restore found finished by an earlier attempt only cleans up; any other goes on writing. */
public final class RestoreProgressDecider implements JobExecutionDecider {

    public static final String RESTORE = "RESTORE";
    public static final String FINISHED = "FINISHED";

    @Override
    public FlowExecutionStatus decide(JobExecution jobExecution, StepExecution stepExecution) {
        return new FlowExecutionStatus(jobExecution.getExecutionContext().containsKey(RestoreContextKeys.FINISHED) ? FINISHED : RESTORE);
    }
}
