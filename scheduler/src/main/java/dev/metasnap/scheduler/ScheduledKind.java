package dev.metasnap.scheduler;

/** The jobs a schedule can launch. */
public enum ScheduledKind {
    BACKUP("backup"),
    PRUNE("prune"),
    VERIFY("verify");

    private final String jobName;

    ScheduledKind(String jobName) {
        this.jobName = jobName;
    }

    public String jobName() {
        return jobName;
    }
}
