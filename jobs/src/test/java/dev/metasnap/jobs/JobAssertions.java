package dev.metasnap.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Collectors;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;

/** Assertions on job executions that show the whole chain of causes when they fail. */
final class JobAssertions {

    private JobAssertions() {
    }

    static void assertStatus(BatchStatus expected, JobExecution execution) {
        assertEquals(expected, execution.getStatus(), () -> describeFailures(execution));
    }

    static String describeFailures(JobExecution execution) {
        return execution.getAllFailureExceptions().stream().map(JobAssertions::chain).collect(Collectors.joining("\n"));
    }

    static String chain(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getClass().getSimpleName()).append(": ").append(c.getMessage()).append(" <- ");
        }
        return b.toString();
    }
}
