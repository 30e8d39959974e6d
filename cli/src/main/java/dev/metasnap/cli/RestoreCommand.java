package dev.metasnap.cli;

import dev.metasnap.jobs.RestoreOutcome;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.Epoch;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.config.RestoreSettings;
import dev.metasnap.jobs.RestoreJobConfiguration;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.format.SnapshotSection;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.restore.RestorePreflight;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
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

/** {@code metasnap restore}: one snapshot into an empty etcd and a hummock storage location (flags as risectl meta restore-meta). */
@Command(name = RestoreCommand.NAME, description = RestoreCommand.DESCRIPTION)
final class RestoreCommand implements Callable<Integer> {

    static final String NAME = "restore";
    static final String DESCRIPTION = "Restore a meta snapshot into an EMPTY etcd and a hummock storage location; with --copy-ssts also the SSTs of a self-contained snapshot.";

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EtcdOptions etcd;

    @Mixin
    StorageOptions storage;

    @Option(names = "--meta-snapshot-id", required = true, paramLabel = "N", description = "the snapshot to restore (see 'metasnap list')")
    long snapshotId;

    @Option(names = "--meta-store-type", defaultValue = "etcd", paramLabel = "TYPE", description = "only etcd is supported (default: ${DEFAULT-VALUE})")
    String metaStoreType;

    @Option(names = "--hummock-storage-url", required = true, paramLabel = "URL", description = "target hummock storage; a hummock+ prefix is accepted")
    String hummockUrl;

    @Option(names = "--hummock-storage-directory", required = true, paramLabel = "DIR", description = "target hummock data directory")
    String hummockDirectory;

    @Option(names = "--dry-run", description = "check and verify everything, print what would be written, write nothing")
    boolean dryRun;

    @Option(names = "--validate-integrity", description = "check that every SST the snapshot pins exists in the target hummock storage")
    boolean validateIntegrity;

    @Option(names = "--copy-ssts", description = "copy the snapshot's SSTs from backup storage into the hummock location (the snapshot must be"
            + " self-contained: backup --copy-ssts), then check them; with the --overwrite-* flags this moves a cluster to a new bucket")
    boolean copySsts;

    @Option(names = "--replace-hummock-state", description = "restore into a hummock location that holds another cluster's (or an unattributed) checkpoint, replacing it")
    boolean replaceHummockState;

    @Option(names = "--overwrite-hummock-storage-endpoint", description = "rewrite state_store and data_directory to the target hummock location")
    boolean overwriteHummock;

    @Option(names = "--overwrite-backup-storage-url", paramLabel = "URL", description = "rewrite backup_storage_url in the restored params")
    String overwriteBackupUrl;

    @Option(names = "--overwrite-backup-storage-directory", paramLabel = "DIR", description = "rewrite backup_storage_directory in the restored params")
    String overwriteBackupDirectory;

    @Option(names = "--etcd-max-txn-ops", defaultValue = "128", description = "operations per transaction; etcd's --max-txn-ops (default: ${DEFAULT-VALUE})")
    int maxTxnOps;

    @Option(names = "--etcd-max-request-bytes", defaultValue = "1572864", description = "bytes per transaction; etcd's --max-request-bytes (default: ${DEFAULT-VALUE})")
    int maxRequestBytes;

    @Option(names = "--etcd-writes-in-flight", defaultValue = "8", description = "transactions in flight (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!metaStoreType.equals("etcd")) {
            throw new InvalidSettingException("--meta-store-type " + metaStoreType + " is not supported; metasnap restores into etcd only");
        }
        boolean anyOverwrite = overwriteHummock || overwriteBackupUrl != null || overwriteBackupDirectory != null;
        if (anyOverwrite && !(overwriteHummock && overwriteBackupUrl != null && overwriteBackupDirectory != null)) {
            throw new InvalidSettingException("give --overwrite-hummock-storage-endpoint, --overwrite-backup-storage-url and"
                    + " --overwrite-backup-storage-directory together, or none of them");
        }
        BackupLocation source = storage.location(root.environment()).orElseThrow(() -> new InvalidSettingException(
                "restore needs --backup-storage-url and --backup-storage-directory (the cluster's etcd may be gone)"));
        HummockLocation hummock = HummockLocation.parse(hummockUrl, hummockDirectory);
        BackupLocation overwriteBackup = anyOverwrite ? BackupLocation.parse(overwriteBackupUrl, overwriteBackupDirectory) : null;
        EtcdSettings target = etcd.settings(root.environment(), spec.commandLine().getErr());
        RestoreSettings settings = new RestoreSettings(maxTxnOps, maxRequestBytes, inFlight);

        try (CliSession session = root.session(settings)) {
            session.claimHome("restore");
            session.connections().secrets().storageUrl(hummock.url());
            if (overwriteBackup != null) {
                session.connections().secrets().storageUrl(overwriteBackup.url());
            }
            SnapshotMetadata entry = preflight(session, source, hummock, target);
            if (dryRun) {
                printPlan(out, session, source, entry, hummock, target, overwriteBackup);
                return ExitCodes.OK;
            }
            RestoreJobConfiguration.Request request = new RestoreJobConfiguration.Request(snapshotId, target.endpointsText(), target.username(),
                    target.rootPrefix(), source.url().redacted(), source.directory(), hummock.url().redacted(), hummock.directory(),
                    validateIntegrity, anyOverwrite, anyOverwrite ? overwriteBackup.url().redacted() : null,
                    anyOverwrite ? overwriteBackup.directory() : null, replaceHummockState);
            JobOperator operator = session.context().getBean(JobOperator.class);
            Job job = session.context().getBean(RestoreJobConfiguration.JOB_NAME, Job.class);
            ConsoleProgress progress = ConsoleProgress.forOutput(spec.commandLine().getErr());
            session.progress(progress);
            JobExecution execution = progress.during(() -> operator.start(job, RestoreJobConfiguration.parameters(request, copySsts)));
            JobResults.requireCompleted(execution);
            out.println("restore job succeeded: snapshot " + snapshotId + " (" + Sizes.count(entry.keyCount()) + " keys, hummock version "
                    + entry.hummockVersionId() + ", max_committed_epoch " + entry.maxCommittedEpoch() + " at "
                    + new Epoch(entry.maxCommittedEpoch()).formatTime() + ") into " + target + " and " + hummock.describe()
                    + ", job execution " + execution.getId());
            RestoreOutcome.of(execution).raisedIdGenerators().forEach((key, r) -> out.println("id generator " + key
                    + " raised from " + Long.toUnsignedString(r.from()) + " to " + Long.toUnsignedString(r.to()) + ", its value in newer snapshot "
                    + r.snapshot() + ": a restore never hands out an id twice"));
            printNextSteps(out, target, hummock, anyOverwrite);
        }
        return ExitCodes.OK;
    }

    /** The checks a restore makes before it writes anything; the job makes them again. */
    private SnapshotMetadata preflight(CliSession session, BackupLocation source, HummockLocation hummock, EtcdSettings target) {
        SnapshotMetadata entry;
        BackupStorage backup = session.openChecked(source);
        entry = RestorePreflight.snapshot(backup, snapshotId);
        RestorePreflight.requireSamePrefix(entry, target.rootPrefix());
        try (EtcdGateway gateway = session.etcd(target)) {
            RestorePreflight.requireEmptyTarget(gateway, target.rootPrefix(), -1);
        }
        HummockStorage storage = session.connections().hummockStorage(hummock);
        storage.store().checkAccess();
        RestorePreflight.requireHummockTargetOf(storage, entry, replaceHummockState);
        if (copySsts) {
            RestorePreflight.requireSelfContained(entry);
        } else if (validateIntegrity) {
            RestorePreflight.requirePinnedSsts(storage, entry);
        }
        return entry;
    }

    private void printPlan(PrintWriter out, CliSession session, BackupLocation source, SnapshotMetadata entry, HummockLocation hummock,
                           EtcdSettings target, BackupLocation overwriteBackup) {
        Map<String, long[]> families = new TreeMap<>();
        String sha;
        BackupStorage backup = session.connections().backupStorage(source);
        try (var store = backup.store(); SnapshotReader reader = SnapshotReader.open(store.get(backup.snapshotKey(snapshotId)))) {
            for (var s = reader.next(); s.isPresent(); s = reader.next()) {
                if (s.get() instanceof SnapshotSection.KvBlock block) {
                    for (MetaEntry e : block.entries()) {
                        long[] c = families.computeIfAbsent(MetaKeys.columnFamily(e.keyText().substring(target.rootPrefix().length())), k -> new long[2]);
                        c[0]++;
                        c[1] += e.key().length + e.value().length;
                    }
                }
            }
            sha = reader.sha256();
        }
        if (!sha.equals(entry.sha256())) {
            throw new dev.metasnap.core.format.SnapshotCorruptException("object", "snapshot " + snapshotId + " has SHA-256 " + sha
                    + " but the manifest records " + entry.sha256());
        }
        out.println("dry run: nothing was written. Snapshot " + snapshotId + " verified (every block checksum and the SHA-256).");
        out.println("  cluster id:          " + entry.clusterId());
        out.println("  hummock version:     " + entry.hummockVersionId() + " (" + entry.ssts().size() + " pinned SSTs"
                + (validateIntegrity ? ", all present" : "") + ")");
        out.println("  safe_epoch:          " + entry.safeEpoch() + " (" + new Epoch(entry.safeEpoch()).formatTime() + ")");
        out.println("  max_committed_epoch: " + entry.maxCommittedEpoch() + " (" + new Epoch(entry.maxCommittedEpoch()).formatTime() + ")");
        out.println("  would write " + Sizes.count(entry.keyCount()) + " keys to " + target + ":");
        families.forEach((cf, c) -> out.println(String.format("    %-28s %10s keys %12s", cf, Sizes.count(c[0]), Sizes.bytes(c[1]))));
        out.println("  would write " + HummockStorage.CHECKPOINT + " and " + HummockStorage.CLUSTER_ID + " to " + hummock.describe());
        if (overwriteBackup != null) {
            out.println("  would set state_store = hummock+" + hummock.url().redacted() + ", data_directory = " + hummock.directory()
                    + ", backup_storage_url = " + overwriteBackup.url().redacted() + ", backup_storage_directory = " + overwriteBackup.directory());
        }
    }

    private static void printNextSteps(PrintWriter out, EtcdSettings target, HummockLocation hummock, boolean overwritten) {
        out.println("next steps:");
        out.println("  1. check the restored params: metasnap params show --etcd-endpoints " + target.endpointsText()
                + (target.rootPrefix().isEmpty() ? "" : " --root-prefix " + target.rootPrefix()));
        if (!overwritten) {
            out.println("     state_store and data_directory still name the OLD hummock location; the meta service must use "
                    + hummock.describe() + " (restore again with the --overwrite-* flags, or set them with 'metasnap params set')");
        }
        out.println("  2. make sure no other cluster runs over the same SSTs, then start the meta service with its etcd endpoints set to "
                + target.endpointsText());
    }
}
