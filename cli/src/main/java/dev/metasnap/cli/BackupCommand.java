package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.jobs.BackupJobConfiguration;
import dev.metasnap.steps.backup.BackupContextKeys;
import dev.metasnap.steps.manifest.BackupLock;
import dev.metasnap.steps.manifest.BackupStorage;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap backup}: one meta snapshot of the cluster into its backup storage. */
@Command(name = "backup", description = "Take a meta snapshot of the cluster's etcd and hummock manifests into backup storage.")
final class BackupCommand implements Callable<Integer> {

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EtcdOptions etcd;

    @Mixin
    StorageOptions storage;

    @Option(names = "--remarks", paramLabel = "TEXT", description = "a note stored with the snapshot")
    String remarks = "";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EtcdSettings etcdSettings = etcd.settings(root.environment(), err);
        try (CliSession session = root.session()) {
            session.claimHome("backup");
            BackupLocation location = session.location(storage.location(root.environment()), etcdSettings);
            BackupStorage backupStorage = session.openChecked(location);
            try (var store = backupStorage.store()) {
                backupStorage.readManifest();
                new BackupLock(backupStorage).requireAvailable(session.lockHolders());
            }
            ConsoleProgress progress = ConsoleProgress.forOutput(err);
            session.progress(progress);
            JobOperator operator = session.context().getBean(JobOperator.class);
            Job job = session.context().getBean(BackupJobConfiguration.JOB_NAME, Job.class);
            JobExecution execution = operator.start(job, BackupJobConfiguration.parameters(etcdSettings, location, remarks));
            progress.finish();
            JobResults.requireCompleted(execution, operator);
            ExecutionContext c = execution.getExecutionContext();
            out.println("backup job succeeded: snapshot " + c.getLong(BackupContextKeys.SNAPSHOT_ID) + " ("
                    + Sizes.count(c.getLong(BackupContextKeys.KEY_COUNT)) + " keys, "
                    + Sizes.bytes(c.getLong(BackupContextKeys.RAW_BYTES)) + " raw, "
                    + Sizes.bytes(c.getLong(BackupContextKeys.OBJECT_BYTES)) + " stored, etcd revision "
                    + c.getLong(BackupContextKeys.REVISION) + ", job execution " + execution.getId() + ") in " + location.describe());
            return ExitCodes.OK;
        }
    }
}
