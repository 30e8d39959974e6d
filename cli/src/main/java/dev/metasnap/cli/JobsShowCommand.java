package dev.metasnap.cli;

import dev.metasnap.core.format.Json;
import dev.metasnap.jobs.JobHistory;
import dev.metasnap.jobs.JobLogFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap jobs show ID}: one job execution in full. */
@Command(name = "show", description = "Show one job execution: parameters, steps, counts, exit messages and its log file.")
final class JobsShowCommand implements Callable<Integer> {

    @ParentCommand
    JobsCommand parent;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ID")
    long id;

    @Option(names = "--json", description = "print a JSON object (schema in the README, 'jobs show --json')")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JobHistory.Run e = JobsCommand.findRun(parent.root, id);
        if (json) {
            out.println(Json.writeString(JobsJson.detail(e, parent.root.home())));
            return ExitCodes.OK;
        }
        out.println("job execution " + e.id() + " of " + e.jobName() + " (instance " + e.instanceId() + ")");
        out.println("status: " + e.status() + ", exit " + e.exitCode());
        out.println("started: " + JobsCommand.time(e.startTime()) + ", ended: " + JobsCommand.time(e.endTime()));
        Path log = JobLogFiles.file(parent.root.home(), e.id());
        out.println("log: " + (Files.exists(log) ? log : log + " (none written)"));
        out.println("parameters:");
        e.parameters().forEach(p -> out.println("  " + p.name() + " = " + p.value()));
        out.println("steps:");
        out.println(String.format("  %-22s %-10s %10s %10s %8s %9s %9s  %s", "step", "status", "read", "written", "commits", "rollbacks", "seconds", "exit"));
        for (JobHistory.Step s : e.steps()) {
            out.println(String.format(Locale.ROOT, "  %-22s %-10s %10d %10d %8d %9d %9.3f  %s", s.name(), s.status(), s.readCount(),
                    s.writeCount(), s.commitCount(), s.rollbackCount(), seconds(s.startTime(), s.endTime()), JobsCommand.firstLine(s.exitMessage())));
        }
        String description = JobsCommand.firstLine(e.exitMessage());
        if (!description.isEmpty()) {
            out.println("exit message: " + description);
        }
        return ExitCodes.OK;
    }

    private static double seconds(LocalDateTime start, LocalDateTime end) {
        return start == null || end == null ? 0 : Duration.between(start, end).toNanos() / 1e9;
    }
}
