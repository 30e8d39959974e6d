package dev.metasnap.cli;

import dev.metasnap.jobs.VerifyOutcome;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.SystemParam;
import dev.metasnap.jobs.VerifyJobConfiguration;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.params.SystemParams;
import dev.metasnap.core.verify.CopiedSstCheck;
import dev.metasnap.core.verify.VerifySelection;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code metasnap verify [ID... | --all] [--validate-integrity]}: a deep check, recorded in the manifest. */
@Command(name = VerifyCommand.NAME, description = VerifyCommand.DESCRIPTION)
final class VerifyCommand implements Callable<Integer> {

    static final String NAME = "verify";
    static final String DESCRIPTION = "Deep-check snapshots: every block checksum, counts, SHA-256, hummock manifests; optionally every pinned SST (--validate-integrity) or copied SST (--ssts).";

    @ParentCommand
    MetasnapCommand root;

    @Spec
    CommandSpec spec;

    @Mixin
    EtcdOptions etcd;

    @Mixin
    StorageOptions storage;

    @Parameters(arity = "0..*", paramLabel = "ID")
    List<Long> ids;

    @Option(names = "--all", description = "verify every snapshot")
    boolean all;

    @Option(names = "--ssts", description = "also check every SST the snapshots copied into backup storage (backup --copy-ssts): present, with its size")
    boolean ssts;

    @Option(names = "--read-data", description = "with --ssts: read every copied SST again and compare its SHA-256 with the one recorded at copy time")
    boolean readData;

    @Option(names = "--read-data-subset", paramLabel = "N%|n/t",
            description = "with --ssts: read again only a share, chosen by object id: a percentage (10%%) or part n of t (1/7, 2/7, ...: the parts cover every SST)")
    String readDataSubset;

    @Option(names = "--validate-integrity", description = "also check that every pinned SST exists in hummock storage")
    boolean validateIntegrity;

    @Option(names = "--hummock-storage-url", paramLabel = "URL", description = "hummock storage for --validate-integrity (default: the cluster's state_store)")
    String hummockUrl;

    @Option(names = "--hummock-storage-directory", paramLabel = "DIR", description = "hummock data directory (default: the cluster's data_directory)")
    String hummockDirectory;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        boolean someIds = ids != null && !ids.isEmpty();
        if (someIds == all) {
            throw new InvalidSettingException("give snapshot ids or --all (not both)");
        }
        String selection = all ? VerifySelection.ALL : ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        CopiedSstCheck sstCheck = sstCheck();
        try (CliSession session = root.session()) {
            session.claimHome("verify");
            EtcdSettings etcdSettings = etcd.settings(root.environment(), spec.commandLine().getErr());
            BackupLocation location = session.location(storage.location(root.environment()), etcdSettings);
            BackupStorage backup = session.openChecked(location);
            try (var store = backup.store()) {
                VerifySelection.resolve(selection, backup.readManifest(), location.describe());
            }
            HummockLocation hummock = validateIntegrity ? hummockLocation(session, etcdSettings) : null;
            ConsoleProgress progress = ConsoleProgress.forOutput(spec.commandLine().getErr());
            session.progress(progress);
            JobExecution execution = progress.during(() -> session.context().getBean(JobOperator.class)
                    .start(session.context().getBean(VerifyJobConfiguration.JOB_NAME, Job.class), VerifyJobConfiguration.parameters(location, selection, hummock, sstCheck)));
            JobResults.requireCompleted(execution);
            List<Long> checked = VerifyOutcome.of(execution).checkedIds();
            out.println("verify job succeeded: snapshot(s) " + checked + " ok" + (validateIntegrity ? ", every pinned SST present" : "")
                    + (sstCheck.enabled() ? ", every copied SST present" + (sstCheck.parameter().startsWith("read") ? " and its data as copied" : "") : "")
                    + "; job execution " + execution.getId());
        }
        return ExitCodes.OK;
    }

    private CopiedSstCheck sstCheck() {
        if ((readData || readDataSubset != null) && !ssts) {
            throw new InvalidSettingException("--read-data and --read-data-subset check copied SSTs: add --ssts");
        }
        if (readData && readDataSubset != null) {
            throw new InvalidSettingException("give --read-data (every copied SST) or --read-data-subset (a share), not both");
        }
        if (!ssts) {
            return CopiedSstCheck.none();
        }
        try {
            return readData ? CopiedSstCheck.parse("read") : readDataSubset != null ? CopiedSstCheck.subset(readDataSubset) : CopiedSstCheck.presence();
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(e.getMessage());
        }
    }

    private HummockLocation hummockLocation(CliSession session, EtcdSettings etcdSettings) {
        if (hummockUrl != null || hummockDirectory != null) {
            if (hummockUrl == null || hummockDirectory == null) {
                throw new InvalidSettingException("give --hummock-storage-url and --hummock-storage-directory together");
            }
            HummockLocation given = HummockLocation.parse(hummockUrl, hummockDirectory);
            session.connections().secrets().storageUrl(given.url());
            return given;
        }
        try (EtcdGateway gateway = session.etcd(etcdSettings)) {
            SystemParams params = new SystemParams(gateway, etcdSettings.rootPrefix());
            HummockLocation fromParams = HummockLocation.parse(
                    params.get(SystemParam.STATE_STORE).orElseThrow(() -> new InvalidSettingException("the cluster has no state_store param; pass --hummock-storage-url")),
                    params.get(SystemParam.DATA_DIRECTORY).orElseThrow(() -> new InvalidSettingException("the cluster has no data_directory param; pass --hummock-storage-directory")));
            session.connections().secrets().storageUrl(fromParams.url());
            return fromParams;
        }
    }
}
