package dev.metasnap.jobs;

import java.nio.file.Path;
import java.util.Locale;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.AbstractStep;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Writes each step's start and end into its job execution's log as they happen, so that
 * {@code metasnap jobs logs ID --follow} shows where a running job is, not only how it ended.
 */
public final class JobLogStepListener implements StepExecutionListener {

    private final Path home;

    public JobLogStepListener(Path home) {
        this.home = home;
    }

    /** Adds the listener to every step of the context, so that no job configuration can forget a step. */
    public static BeanPostProcessor onEveryStep(ObjectProvider<MetasnapRuntime> runtime) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof AbstractStep step) {
                    step.registerStepExecutionListener(new JobLogStepListener(runtime.getObject().home()));
                }
                return bean;
            }
        };
    }

    @Override
    public void beforeStep(StepExecution step) {
        JobLogFiles.append(home, step.getJobExecutionId(), "step " + step.getStepName() + " started");
    }

    @Override
    public ExitStatus afterStep(StepExecution step) {
        String description = step.getExitStatus().getExitDescription().lines().findFirst().orElse("");
        JobLogFiles.append(home, step.getJobExecutionId(), String.format(Locale.ROOT, "step %s %s: read %d, written %d, commits %d, rollbacks %d%s",
                step.getStepName(), step.getStatus(), step.getReadCount(), step.getWriteCount(), step.getCommitCount(), step.getRollbackCount(),
                description.isEmpty() ? "" : "; " + description));
        return null;
    }
}
