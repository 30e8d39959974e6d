package dev.metasnap.cli;

import dev.metasnap.jobs.BackupOutcome;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.SystemParam;
import dev.metasnap.jobs.BackupJobConfiguration;
import dev.metasnap.core.ssts.SstCopy;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.params.SystemParams;
import dev.metasnap.core.manifest.BackupLock;
import dev.metasnap.core.manifest.BackupStorage;
import java.io.PrintWriter;
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

/** {@code metasnap backup}: one meta snapshot of the cluster into its backup storage. */
@Command(name = BackupCommand.NAME, description = BackupCommand.DESCRIPTION)
final class BackupCommand implements Callable<Integer> {

    static final String NAME = "backup";
    static final String DESCRIPTION = "Take a meta snapshot of the cluster's etcd and hummock manifests into backup storage.";

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EtcdOptions etcd;

    @Mixin
    StorageOptions storage;

    @Option(names = "--copy-ssts", description = "also copy the snapshot's SSTs into backup storage (incremental: an SST copied before is never copied again), so the snapshot survives the loss of the state bucket")
    boolean copySsts;

    @Option(names = "--missing-ssts", paramLabel = "mark|fail", defaultValue = "mark",
            description = "with --copy-ssts, when the cluster deleted an SST before it was copied: mark the snapshot not self-contained (default) or fail the run")
    String missingSsts;

    @Option(names = "--remarks", paramLabel = "TEXT", description = "a note stored with the snapshot")
    String remarks = "";

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EtcdSettings etcdSettings = etcd.settings(root.environment(), err);
        String copyMode = copyMode();
        try (CliSession session = root.session()) {
            session.claimHome("backup");
            BackupLocation location = session.location(storage.location(root.environment()), etcdSettings);
            requireCluster(session, etcdSettings);
            BackupStorage backupStorage = session.openChecked(location);
            try (var store = backupStorage.store()) {
                backupStorage.readManifest();
                new BackupLock(backupStorage).requireAvailable(session.lockHolders());
            }
            ConsoleProgress progress = ConsoleProgress.forOutput(err);
            session.progress(progress);
            JobOperator operator = session.context().getBean(JobOperator.class);
            Job job = session.context().getBean(BackupJobConfiguration.JOB_NAME, Job.class);
            JobExecution execution = progress.during(() -> operator.start(job, BackupJobConfiguration.parameters(etcdSettings, location, remarks, copyMode)));
            JobResults.requireCompleted(execution, operator);
            BackupOutcome outcome = BackupOutcome.of(execution);
            out.println("backup job succeeded: snapshot " + outcome.snapshotId() + " ("
                    + Sizes.count(outcome.keyCount()) + " keys, "
                    + Sizes.bytes(outcome.rawBytes()) + " raw, "
                    + Sizes.bytes(outcome.objectBytes()) + " stored, etcd revision "
                    + outcome.revision() + ", job execution " + execution.getId() + ") in " + location.describe());
            if (outcome.sstCopy().isPresent()) {
                SstCopy copy = outcome.sstCopy().get();
                out.println("SSTs: " + copy.copied() + " copied (" + Sizes.bytes(copy.bytesCopied()) + "), " + copy.shared()
                        + " already in backup storage (" + Sizes.bytes(copy.bytesShared()) + "), "
                        + (copy.selfContained() ? "the snapshot is self-contained"
                                : copy.missing().size() + " deleted by the cluster before they could be copied " + first(copy.missing())
                                + ": the snapshot is NOT self-contained"));
            }
            return ExitCodes.OK;
        }
    }

    private String copyMode() {
        if (!copySsts) {
            return "";
        }
        if (!missingSsts.equals(BackupJobConfiguration.MISSING_MARK) && !missingSsts.equals(BackupJobConfiguration.MISSING_FAIL)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--missing-ssts must be mark or fail, not '" + missingSsts + "'");
        }
        return missingSsts;
    }

    private static String first(java.util.List<Long> ids) {
        return ids.size() <= 10 ? ids.toString() : ids.subList(0, 10) + " and " + (ids.size() - 10) + " more";
    }

    /**
     * Before any job starts (which would burn a snapshot id and leave a FAILED run): etcd answers,
     * and holds a cluster with hummock storage under the root prefix.
     */
    private static void requireCluster(CliSession session, EtcdSettings settings) {
        String where = "etcd " + settings.endpointsText() + " under root prefix '" + settings.rootPrefix() + "'";
        try (EtcdGateway gateway = session.etcd(settings)) {
            if (gateway.count(KeyRange.prefix(settings.rootPrefix())) == 0) {
                throw new PreconditionException(where + " has no keys; check --etcd-endpoints and --root-prefix (nothing was backed up)");
            }
            if (new SystemParams(gateway, settings.rootPrefix()).get(SystemParam.STATE_STORE).isEmpty()) {
                throw new PreconditionException("system parameter " + SystemParam.STATE_STORE + " is not set in " + where
                        + "; a cluster without hummock storage cannot be backed up: check --root-prefix");
            }
        }
    }
}
