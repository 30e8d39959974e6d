package dev.metasnap.jobs;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** Builds the Spring context of one process: the job repository and every job, around a {@link MetasnapRuntime}. */
public final class MetasnapContext {

    private MetasnapContext() {
    }

    public static AnnotationConfigApplicationContext create(MetasnapRuntime runtime) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(MetasnapRuntime.class, () -> runtime);
        context.register(BatchInfrastructureConfiguration.class, BackupJobConfiguration.class, RestoreJobConfiguration.class,
                VerifyJobConfiguration.class, PruneJobConfiguration.class);
        context.refresh();
        return context;
    }
}
