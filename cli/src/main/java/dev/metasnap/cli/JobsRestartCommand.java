package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.StorageUrl;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.params.SystemParams;
import dev.metasnap.jobs.JobRuns;
import dev.metasnap.jobs.RecordedLaunch;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap jobs restart ID}: resumes a failed or orphaned run where it stopped (see {@link JobRuns}). */
@Command(name = "restart", description = "Resume a failed (or orphaned) job execution from the step and chunk where it stopped.")
final class JobsRestartCommand implements Callable<Integer> {

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
            JobRuns runs = JobRuns.of(session.context());
            JobExecution failed = JobsCommand.find(runs, id);
            if (failed.getStatus() == BatchStatus.COMPLETED) {
                throw new PreconditionException("job execution " + id + " already completed; nothing to restart");
            }
            JobsCommand.takeOverIfOrphaned(runs, failed, err, force);
            provideSecrets(session, RecordedLaunch.of(failed), err);
            // a restarted run shows its progress as its first run did, from where it resumes
            ConsoleProgress progress = ConsoleProgress.forOutput(err);
            session.progress(progress);
            JobExecution execution = progress.during(() -> runs.restart(failed));
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
