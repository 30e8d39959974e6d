package dev.metasnap.cli;

import dev.metasnap.jobs.RecordedLaunch;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.StorageUrl;
import dev.metasnap.jobs.JobHistory;
import dev.metasnap.jobs.JobLogFiles;
import dev.metasnap.jobs.OrphanedRuns;
import dev.metasnap.core.manifest.BackupLock;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.jobs.RunOwner;
import dev.metasnap.core.work.WorkFiles;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.params.SystemParams;
import dev.metasnap.core.format.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap jobs list|show|restart|abandon}: the job repository. */
@Command(name = JobsCommand.NAME, description = JobsCommand.DESCRIPTION,
        subcommands = {JobsCommand.ListJobs.class, JobsCommand.Show.class, JobsCommand.Logs.class, JobsCommand.Restart.class, JobsCommand.Abandon.class})
final class JobsCommand {

    static final String NAME = "jobs";
    static final String DESCRIPTION = "Inspect, restart or abandon job executions.";

    @ParentCommand
    MetasnapCommand root;

    /** Reads the job repository without starting the batch infrastructure (see {@link JobHistory}). */
    static JobHistory.Run findRun(MetasnapCommand root, long id) {
        return history(root).find(id).orElseThrow(() ->
                new PreconditionException("no job execution " + id + " in the job repository; run 'metasnap jobs list'"));
    }

    static JobExecution find(JobRepository repository, long id) {
        JobExecution execution;
        try {
            execution = repository.getJobExecution(id);
        } catch (org.springframework.dao.EmptyResultDataAccessException e) {
            execution = null;
        }
        if (execution == null) {
            throw new PreconditionException("no job execution " + id + " in the job repository; run 'metasnap jobs list'");
        }
        return execution;
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    static double seconds(LocalDateTime start, LocalDateTime end) {
        return start == null || end == null ? 0 : java.time.Duration.between(start, end).toNanos() / 1e9;
    }

    static String time(LocalDateTime t) {
        return t == null ? "-" : t.withNano((t.getNano() / 1_000_000) * 1_000_000).toString();
    }

    /**
     * A run left STARTED, STOPPING or UNKNOWN (or with such a step) whose process is gone is
     * marked FAILED so it can be restarted or abandoned. An owner alive on this host is never
     * overridden; one on another host, or not recorded, only with {@code force}.
     */
    static boolean markFailedIfOrphaned(JobRepository repository, JobExecution execution, PrintWriter err, boolean force) {
        if (!OrphanedRuns.leftBehind(execution)) {
            return false;
        }
        var context = RunOwner.recorded(execution);
        String owner = RunOwner.describe(context);
        if (RunOwner.ownerIsAliveHere(context)) {
            throw new PreconditionException("job execution " + execution.getId() + " is " + execution.getStatus() + " in " + owner
                    + ", which still runs; stop it first (SIGTERM stops it at a chunk boundary), then run this again");
        }
        if (!RunOwner.ownerIsGone(context) && !force) {
            throw new PreconditionException("job execution " + execution.getId() + " is " + execution.getStatus() + " in " + owner
                    + ", which this host cannot check; if no metasnap process runs it any more, run this again with --force");
        }
        BatchStatus was = execution.getStatus();
        OrphanedRuns.markFailed(repository, execution, "the process running this job (" + owner + ") is gone");
        err.println("job execution " + execution.getId() + " was left " + was + " by " + owner + ", which is gone; marked it FAILED");
        return true;
    }

    static Path workDirectory(MetasnapCommand root, JobHistory.Run run) {
        return WorkFiles.directory(root.home().resolve("work"), run.jobName(), run.instanceId());
    }

    static Path workDirectory(MetasnapCommand root, JobExecution execution) {
        return WorkFiles.directory(root.home().resolve("work"), execution.getJobInstance().getJobName(), execution.getJobInstanceId());
    }

    @Command(name = "list", description = "List recent job executions, newest first.")
    static final class ListJobs implements Callable<Integer> {
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
                throw new dev.metasnap.config.InvalidSettingException("--limit must be at least 1: " + limit);
            }
            LocalDateTime after = since == null ? null : LocalDateTime.now().minus(dev.metasnap.config.Durations.parse(since));
            List<JobHistory.Run> runs = history(parent.root).recent(new JobHistory.Filter(job, status, cluster, after), limit);
            if (json) {
                out.println(Json.writeString(runs.stream().map(r -> JobsJson.run(r, parent.root.home())).toList()));
                return ExitCodes.OK;
            }
            out.println(String.format("%-6s %-10s %-10s %-23s %-23s %10s %s", "id", "job", "status", "started", "ended", "work", "exit"));
            for (JobHistory.Run r : runs) {
                long work = WorkFiles.bytes(workDirectory(parent.root, r));
                out.println(String.format("%-6d %-10s %-10s %-23s %-23s %10s %s",
                        r.id(), r.jobName(), r.status(), time(r.startTime()), time(r.endTime()),
                        work == 0 ? "-" : Sizes.bytes(work), r.exitCode() + " " + firstLine(r.exitMessage())));
            }
            if (runs.isEmpty()) {
                boolean filtered = job != null || cluster != null || status != null || since != null;
                out.println(filtered ? "(no job executions match)" : "(no job executions yet)");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show one job execution: parameters, steps, counts, exit messages and its log file.")
    static final class Show implements Callable<Integer> {
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
            JobHistory.Run e = findRun(parent.root, id);
            if (json) {
                out.println(Json.writeString(JobsJson.detail(e, parent.root.home())));
                return ExitCodes.OK;
            }
            out.println("job execution " + e.id() + " of " + e.jobName() + " (instance " + e.instanceId() + ")");
            out.println("status: " + e.status() + ", exit " + e.exitCode());
            out.println("started: " + time(e.startTime()) + ", ended: " + time(e.endTime()));
            Path log = JobLogFiles.file(parent.root.home(), e.id());
            out.println("log: " + (Files.exists(log) ? log : log + " (none written)"));
            out.println("parameters:");
            e.parameters().forEach(p -> out.println("  " + p.name() + " = " + p.value()));
            out.println("steps:");
            out.println(String.format("  %-22s %-10s %10s %10s %8s %9s %9s  %s", "step", "status", "read", "written", "commits", "rollbacks", "seconds", "exit"));
            for (JobHistory.Step s : e.steps()) {
                out.println(String.format(java.util.Locale.ROOT, "  %-22s %-10s %10d %10d %8d %9d %9.3f  %s", s.name(), s.status(), s.readCount(),
                        s.writeCount(), s.commitCount(), s.rollbackCount(), seconds(s.startTime(), s.endTime()), firstLine(s.exitMessage())));
            }
            String description = firstLine(e.exitMessage());
            if (!description.isEmpty()) {
                out.println("exit message: " + description);
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "logs", description = "Print a job execution's log; with --follow, keep printing until the job ends.")
    static final class Logs implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = {"-f", "--follow"}, description = "keep printing new lines until the job ends (or --timeout passes)")
        boolean follow;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "how long --follow waits at most (default: ${DEFAULT-VALUE})")
        String timeout = "24h";

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            JobHistory history = history(parent.root);
            JobHistory.Run run = findRun(parent.root, id);
            Path log = JobLogFiles.file(parent.root.home(), id);
            long deadline = System.nanoTime() + dev.metasnap.config.Durations.parse(timeout).toNanos();
            long printed = 0;
            while (true) {
                printed = printFrom(log, printed, out);
                if (!follow || !running(run)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new PreconditionException("job execution " + id + " is still " + run.status() + " after --timeout " + timeout
                            + "; run 'metasnap jobs logs " + id + " --follow' again");
                }
                Thread.sleep(200);
                run = history.find(id).orElse(run);
            }
            if (printed == 0 && !Files.exists(log)) {
                throw new PreconditionException("job execution " + id + " has no log file " + log
                        + " (it ran before job logs existed, or under another --home); see 'metasnap jobs show " + id + "'");
            }
            // what the job wrote between the last read and its end
            printFrom(log, printed, out);
            return ExitCodes.OK;
        }

        private static boolean running(JobHistory.Run run) {
            return "STARTING".equals(run.status()) || "STARTED".equals(run.status()) || "STOPPING".equals(run.status());
        }

        /** Prints the complete lines after byte {@code from}; returns the offset after them. */
        private static long printFrom(Path log, long from, PrintWriter out) throws java.io.IOException {
            if (!Files.exists(log)) {
                return from;
            }
            try (var channel = java.nio.channels.FileChannel.open(log)) {
                long size = channel.size();
                if (size <= from) {
                    return from;
                }
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size - from, Integer.MAX_VALUE));
                channel.read(buffer, from);
                byte[] bytes = buffer.array();
                int end = bytes.length;
                while (end > 0 && bytes[end - 1] != '\n') {
                    end--;
                }
                out.print(new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
                return from + end;
            }
        }
    }

    @Command(name = "restart", description = "Resume a failed (or orphaned) job execution from the step and chunk where it stopped.")
    static final class Restart implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        EtcdOptions etcd;

        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--force", description = "take over a run left STARTED by a process this host cannot check (another host, or none recorded)")
        boolean force;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (CliSession session = parent.root.session()) {
                session.claimHome("jobs restart " + id);
                JobRepository repository = session.context().getBean(JobRepository.class);
                JobExecution failed = find(repository, id);
                if (failed.getStatus() == BatchStatus.COMPLETED) {
                    throw new PreconditionException("job execution " + id + " already completed; nothing to restart");
                }
                markFailedIfOrphaned(repository, failed, err, force);
                provideSecrets(session, RecordedLaunch.of(failed), err);
                // a restarted run shows its progress as its first run did, from where it resumes
                ConsoleProgress progress = ConsoleProgress.forOutput(err);
                session.progress(progress);
                JobExecution execution = progress.during(() -> session.context().getBean(JobOperator.class).restart(failed));
                JobResults.requireCompleted(execution);
                out.println(execution.getJobInstance().getJobName() + " job succeeded on restart: job execution " + execution.getId()
                        + " resumed " + id);
            }
            return ExitCodes.OK;
        }

        /** Gives this process the secrets that the job's redacted parameters stand for. */
        private void provideSecrets(CliSession session, RecordedLaunch launch, PrintWriter err) {
            EtcdSettings given = etcd.settings(parent.root.environment(), err);
            EtcdSettings settings = launch.etcdEndpoints().isEmpty() ? given
                    : new EtcdSettings(EtcdSettings.parseEndpoints(launch.etcdEndpoints().get()),
                            launch.etcdUsername().isEmpty() ? given.username() : launch.etcdUsername(), given.password(), launch.rootPrefix(), null);
            if (settings.hasAuth()) {
                session.connections().secrets().etcdPassword(settings.username(), settings.password());
            }
            String redacted = launch.backupUrl().orElse(null);
            if (redacted == null || !StorageUrl.parse(redacted).hasInlineCredentials()) {
                return;
            }
            Optional<BackupLocation> location = storage.location(parent.root.environment());
            if (location.isEmpty()) {
                try (EtcdGateway gateway = session.etcd(settings)) {
                    location = Optional.of(new SystemParams(gateway, settings.rootPrefix()).backupLocation());
                }
            }
            if (!location.get().url().redacted().equals(redacted)) {
                throw new PreconditionException("the job wrote to " + redacted + " but the backup storage is now " + location.get().url().redacted()
                        + "; pass --backup-storage-url with the job's URL (or restore the system param)");
            }
            session.connections().secrets().storageUrl(location.get().url());
        }
    }

    /** An abandoned backup or prune can never release its location's lock itself: release it here if it still holds it. */
    static void releaseBackupLock(CliSession session, JobExecution execution, PrintWriter out) {
        RecordedLaunch launch = RecordedLaunch.of(execution);
        if (launch.backupUrl().isEmpty()) {
            return;
        }
        String url = launch.backupUrl().get();
        String runId = launch.runId();
        try {
            BackupStorage storage = session.connections().backupStorage(url, launch.backupDirectory());
            new BackupLock(storage).release(runId);
        } catch (RuntimeException e) {
            out.println("note: could not check the lock of " + url + " (" + ExitCodeMapper.message(e) + "); if 'metasnap lock show' names"
                    + " run " + runId + ", break it with 'metasnap lock break'");
        }
    }

    @Command(name = "abandon", description = "Give up a failed or orphaned job execution; it can no longer be restarted.")
    static final class Abandon implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--force", description = "give up a run left STARTED by a process this host cannot check (another host, or none recorded)")
        boolean force;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (CliSession session = parent.root.session()) {
                session.claimHome("jobs abandon " + id);
                JobRepository repository = session.context().getBean(JobRepository.class);
                JobExecution execution = find(repository, id);
                if (execution.getStatus() == BatchStatus.COMPLETED) {
                    throw new PreconditionException("job execution " + id + " completed; there is nothing to abandon");
                }
                long latest = repository.getJobExecutions(execution.getJobInstance()).stream().mapToLong(JobExecution::getId).max().orElse(id);
                if (latest != id) {
                    throw new PreconditionException("job execution " + id + " was restarted as job execution " + latest
                            + "; abandon that one ('metasnap jobs abandon " + latest + "') if the run is to be given up");
                }
                markFailedIfOrphaned(repository, execution, spec.commandLine().getErr(), force);
                JobExecution current = find(repository, id);
                if (current.getStatus() != BatchStatus.ABANDONED) {
                    session.context().getBean(JobOperator.class).abandon(current);
                }
                BatchStatus now = find(repository, id).getStatus();
                if (now != BatchStatus.ABANDONED) {
                    throw new PreconditionException("job execution " + id + " is still " + now + " after abandoning it; check 'metasnap jobs show " + id + "'");
                }
                releaseBackupLock(session, current, out);
                Path work = workDirectory(parent.root, current);
                long freed = WorkFiles.bytes(work);
                WorkFiles.delete(work);
                out.println("job execution " + id + " abandoned" + (freed == 0 ? "" : "; removed its work files (" + Sizes.bytes(freed) + ")"));
            }
            return ExitCodes.OK;
        }
    }

    /**
     * The job history of a home, read without starting the batch infrastructure. A home that
     * cannot be a directory (it cannot be created, or is a file) is refused, as a command that
     * writes would refuse it; a new one simply has no history.
     */
    static JobHistory history(MetasnapCommand root) {
        java.nio.file.Path home = root.home();
        try {
            java.nio.file.Files.createDirectories(home);
        } catch (java.io.IOException | RuntimeException e) {
            throw new PreconditionException("home " + home + " is not a directory this user can use (" + e.getClass().getSimpleName()
                    + "); give --home (or $METASNAP_HOME) the directory the jobs ran with");
        }
        return JobHistory.of(root.jobRepositoryUrl());
    }
}
