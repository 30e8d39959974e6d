package dev.metasnap.cli;

import dev.metasnap.jobs.PruneOutcome;
import dev.metasnap.core.retention.Orphans;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.Durations;
import dev.metasnap.config.RetentionPolicy;
import dev.metasnap.jobs.PruneJobConfiguration;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.retention.RetentionDecision;
import dev.metasnap.core.retention.RetentionPlanner;
import dev.metasnap.core.store.StoredObject;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap prune}: apply a retention policy (a Spring Batch job), or show its plan. */
@Command(name = PruneCommand.NAME, description = PruneCommand.DESCRIPTION)
final class PruneCommand implements Callable<Integer> {

    static final String NAME = "prune";
    static final String DESCRIPTION = "Delete the snapshots no retention rule keeps, and sweep orphaned objects.";

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    LocationOptions locationOptions;

    @Option(names = "--keep-last", paramLabel = "N", description = "keep the N newest snapshots")
    int keepLast;

    @Option(names = "--keep-within", paramLabel = "DURATION", description = "keep snapshots newer than this (e.g. 30d)")
    String keepWithin;

    @Option(names = "--keep-daily", paramLabel = "N", description = "keep the newest snapshot of each of the last N days that have one (UTC)")
    int keepDaily;

    @Option(names = "--keep-weekly", paramLabel = "N", description = "the same per ISO week")
    int keepWeekly;

    @Option(names = "--keep-monthly", paramLabel = "N", description = "the same per calendar month")
    int keepMonthly;

    @Option(names = "--dry-run", description = "print the plan (each snapshot, its age, the rule that keeps it or why it goes) and change nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RetentionPolicy policy = new RetentionPolicy(keepLast, keepWithin == null ? null : Durations.parse(keepWithin), keepDaily, keepWeekly, keepMonthly);
        try (CliSession session = root.session()) {
            session.claimHome("prune");
            BackupLocation location = locationOptions.resolve(session, root.environment(), spec.commandLine().getErr());
            BackupStorage backup = session.openChecked(location);
            if (dryRun) {
                printPlan(out, backup, policy, session.restartableSnapshots().held(location.url().redacted(), location.directory()));
                return ExitCodes.OK;
            }
            ConsoleProgress progress = ConsoleProgress.forOutput(spec.commandLine().getErr());
            session.progress(progress);
            JobOperator operator = session.context().getBean(JobOperator.class);
            JobExecution execution = progress.during(() -> operator.start(session.context().getBean(PruneJobConfiguration.JOB_NAME, Job.class),
                    PruneJobConfiguration.parameters(location, policy)));
            JobResults.requireCompleted(execution, operator);
            PruneOutcome outcome = PruneOutcome.of(execution);
            out.println("prune job succeeded: deleted snapshot(s) [" + outcome.deletedIds() + "]; "
                    + outcome.sstsUnpinned() + " SST(s) no longer pinned; "
                    + outcome.orphansSwept() + " orphaned object(s) swept; job execution " + execution.getId());
        }
        return ExitCodes.OK;
    }

    private static void printPlan(PrintWriter out, BackupStorage backup, RetentionPolicy policy, java.util.Set<Long> held) {
        Instant now = Instant.now();
        BackupManifest manifest = backup.readManifest();
        List<RetentionDecision> plan = RetentionPlanner.plan(manifest.snapshotMetadata(), policy, now);
        out.println("dry run: nothing is changed. Policy " + policy.describe() + " on " + backup.describe() + ":");
        out.println(String.format("  %-6s %-24s %-10s %-6s %s", "id", "created_at", "age", "action", "why"));
        for (RetentionDecision d : plan) {
            out.println(String.format("  %-6d %-24s %-10s %-6s %s", d.id(), d.createdAt(), age(Duration.between(d.createdAt(), now)),
                    d.keep() ? "keep" : "delete", d.reason()));
        }
        List<StoredObject> orphans = Orphans.snapshots(backup, held, now);
        orphans.forEach(o -> out.println("  orphan " + o.key() + " (" + Sizes.bytes(o.size()) + ", " + o.lastModified() + ") would be swept"));
        out.println("  " + plan.stream().filter(d -> !d.keep()).count() + " of " + plan.size() + " snapshot(s) would be deleted, "
                + orphans.size() + " orphan(s) swept");
    }

    static String age(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + "d" + d.toHoursPart() + "h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h" + d.toMinutesPart() + "m";
        }
        return d.toMinutes() + "m";
    }
}
