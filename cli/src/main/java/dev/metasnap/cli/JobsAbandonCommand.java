package dev.metasnap.cli;

import dev.metasnap.core.manifest.BackupLock;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.workdir.WorkFiles;
import dev.metasnap.jobs.JobRuns;
import dev.metasnap.jobs.RecordedLaunch;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap jobs abandon ID}: gives a run up for good, frees its location's lock and its work files (see {@link JobRuns}). */
@Command(name = "abandon", description = "Give up a failed or orphaned job execution; it can no longer be restarted.")
final class JobsAbandonCommand implements Callable<Integer> {

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
            JobRuns runs = JobRuns.of(session.context());
            JobExecution execution = JobsCommand.find(runs, id);
            if (execution.getStatus() == BatchStatus.COMPLETED) {
                throw new PreconditionException("job execution " + id + " completed; there is nothing to abandon");
            }
            Optional<JobExecution> later = runs.followedBy(execution);
            if (later.isPresent()) {
                long latest = later.get().getId();
                throw new PreconditionException("job execution " + id + " was restarted as job execution " + latest
                        + "; abandon that one ('metasnap jobs abandon " + latest + "') if the run is to be given up");
            }
            JobsCommand.takeOverIfOrphaned(runs, execution, spec.commandLine().getErr(), force);
            BatchStatus now = runs.abandon(execution);
            if (now != BatchStatus.ABANDONED) {
                throw new PreconditionException("job execution " + id + " is still " + now + " after abandoning it; check 'metasnap jobs show " + id + "'");
            }
            releaseBackupLock(session, execution, out);
            Path work = JobsCommand.workDirectory(parent.root, execution.getJobInstance().getJobName(), execution.getJobInstanceId());
            long freed = WorkFiles.bytes(work);
            WorkFiles.delete(work);
            out.println("job execution " + id + " abandoned" + (freed == 0 ? "" : "; removed its work files (" + Sizes.bytes(freed) + ")"));
        }
        return ExitCodes.OK;
    }

    /** An abandoned backup or prune can never release its location's lock itself: release it here if it still holds it. */
    private static void releaseBackupLock(CliSession session, JobExecution execution, PrintWriter out) {
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
}
