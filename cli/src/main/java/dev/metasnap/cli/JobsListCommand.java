package dev.metasnap.cli;

import dev.metasnap.config.Durations;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.workdir.WorkFiles;
import dev.metasnap.jobs.JobHistory;
import java.io.PrintWriter;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap jobs list}: recent job executions, newest first, as a table or JSON. */
@Command(name = "list", description = "List recent job executions, newest first.")
final class JobsListCommand implements Callable<Integer> {

    @ParentCommand
    JobsCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--limit", description = "how many executions to show (default: ${DEFAULT-VALUE})")
    int limit = 20;

    @Option(names = "--job", paramLabel = "NAME", description = "only this job: backup, restore, prune, verify")
    String job;

    @Option(names = "--cluster", paramLabel = "NAME", description = "only runs the scheduler launched for this cluster")
    String cluster;

    @Option(names = "--status", paramLabel = "STATUS", description = "only this status, e.g. FAILED, STARTED, COMPLETED")
    String status;

    @Option(names = "--since", paramLabel = "DURATION", description = "only runs started within this duration, e.g. 24h")
    String since;

    @Option(names = "--json", description = "print a JSON array (schema in the README, 'jobs list --json')")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (limit < 1) {
            throw new InvalidSettingException("--limit must be at least 1: " + limit);
        }
        LocalDateTime after = since == null ? null : LocalDateTime.now().minus(Durations.parse(since));
        List<JobHistory.Run> runs = JobsCommand.history(parent.root).recent(new JobHistory.Filter(job, status, cluster, after), limit);
        if (json) {
            out.println(Json.writeString(runs.stream().map(r -> JobsJson.run(r, parent.root.home())).toList()));
            return ExitCodes.OK;
        }
        out.println(String.format("%-6s %-10s %-10s %-23s %-23s %10s %s", "id", "job", "status", "started", "ended", "work", "exit"));
        for (JobHistory.Run r : runs) {
            long work = WorkFiles.bytes(JobsCommand.workDirectory(parent.root, r.jobName(), r.instanceId()));
            out.println(String.format("%-6d %-10s %-10s %-23s %-23s %10s %s",
                    r.id(), r.jobName(), r.status(), JobsCommand.time(r.startTime()), JobsCommand.time(r.endTime()),
                    work == 0 ? "-" : Sizes.bytes(work), r.exitCode() + " " + JobsCommand.firstLine(r.exitMessage())));
        }
        if (runs.isEmpty()) {
            boolean filtered = job != null || cluster != null || status != null || since != null;
            out.println(filtered ? "(no job executions match)" : "(no job executions yet)");
        }
        return ExitCodes.OK;
    }
}
