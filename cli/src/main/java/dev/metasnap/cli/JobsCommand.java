package dev.metasnap.cli;

import dev.metasnap.core.workdir.WorkFiles;
import dev.metasnap.jobs.JobHistory;
import dev.metasnap.jobs.JobRuns;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code metasnap jobs list|show|logs|restart|abandon}: the job repository; each subcommand is its own class. */
@Command(name = JobsCommand.NAME, description = JobsCommand.DESCRIPTION,
        subcommands = {JobsListCommand.class, JobsShowCommand.class, JobsLogsCommand.class, JobsRestartCommand.class, JobsAbandonCommand.class})
final class JobsCommand {

    static final String NAME = "jobs";
    static final String DESCRIPTION = "Inspect, restart or abandon job executions.";

    @ParentCommand
    MetasnapCommand root;

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    static String time(LocalDateTime t) {
        return t == null ? "-" : t.withNano((t.getNano() / 1_000_000) * 1_000_000).toString();
    }

    static PreconditionException noSuchExecution(long id) {
        return new PreconditionException("no job execution " + id + " in the job repository; run 'metasnap jobs list'");
    }

    /** Reads the job repository without starting the batch infrastructure (see {@link JobHistory}). */
    static JobHistory.Run findRun(MetasnapCommand root, long id) {
        return history(root).find(id).orElseThrow(() -> noSuchExecution(id));
    }

    static JobExecution find(JobRuns runs, long id) {
        return runs.find(id).orElseThrow(() -> noSuchExecution(id));
    }

    /**
     * Takes over a run left behind by a process that is gone (see {@link JobRuns#takeOver}); an owner
     * that still runs here, or one this host cannot check without {@code force}, is refused.
     */
    static void takeOverIfOrphaned(JobRuns runs, JobExecution execution, PrintWriter err, boolean force) {
        JobRuns.TakeOver outcome = runs.takeOver(execution, JobRuns.Evidence.PROCESS_GONE, force);
        if (outcome instanceof JobRuns.TakeOver.OwnerAlive alive) {
            throw new PreconditionException("job execution " + execution.getId() + " is " + execution.getStatus() + " in " + alive.owner()
                    + ", which still runs; stop it first (SIGTERM stops it at a chunk boundary), then run this again");
        }
        if (outcome instanceof JobRuns.TakeOver.OwnerUnchecked unchecked) {
            throw new PreconditionException("job execution " + execution.getId() + " is " + execution.getStatus() + " in " + unchecked.owner()
                    + ", which this host cannot check; if no metasnap process runs it any more, run this again with --force");
        }
        if (outcome instanceof JobRuns.TakeOver.MarkedFailed taken) {
            err.println("job execution " + execution.getId() + " was left " + taken.was() + " by " + taken.owner() + ", which is gone; marked it FAILED");
        }
    }

    static Path workDirectory(MetasnapCommand root, String jobName, long instanceId) {
        return WorkFiles.directory(root.home().resolve("work"), jobName, instanceId);
    }

    /**
     * The job history of a home, read without starting the batch infrastructure. A home that
     * cannot be a directory (it cannot be created, or is a file) is refused, as a command that
     * writes would refuse it; a new one simply has no history.
     */
    static JobHistory history(MetasnapCommand root) {
        Path home = root.home();
        try {
            Files.createDirectories(home);
        } catch (IOException | RuntimeException e) {
            throw new PreconditionException("home " + home + " is not a directory this user can use (" + e.getClass().getSimpleName()
                    + "); give --home (or $METASNAP_HOME) the directory the jobs ran with");
        }
        return JobHistory.of(root.jobRepositoryUrl());
    }
}
