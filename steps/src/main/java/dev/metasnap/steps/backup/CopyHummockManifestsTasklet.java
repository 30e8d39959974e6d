package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.errors.PreconditionFailedException;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.config.SystemParam;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyPager;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.format.SnapshotFormat;
import dev.metasnap.core.hummock.HummockFormatException;
import dev.metasnap.core.hummock.HummockInconsistencyException;
import dev.metasnap.core.hummock.HummockLayout;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.hummock.HummockVersion;
import dev.metasnap.core.hummock.HummockVersionResolver;
import dev.metasnap.core.params.SystemParams;
import dev.metasnap.core.store.VersionedBytes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Reads the hummock checkpoint and the delta chain as of the pinned revision, builds the
 * version at that revision and writes the snapshot's hummock frames: that version as a
 * checkpoint in the cluster's own layout (so a restore resolves exactly this version) and the
 * cluster id object. The checkpoint lives outside etcd, so it is read before and after the
 * deltas and must not change in between; a checkpoint ahead of every delta at the revision is
 * only accepted once the revision has been pinned after it was seen (the export has not
 * started yet, so pinning again is free).
 * Restart contract: re-runs whenever the run captures the snapshot (see
 * {@link BackupProgressDecider}) and does nothing if its output matches the pinned revision.
 */
public final class CopyHummockManifestsTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(CopyHummockManifestsTasklet.class);
    static final int MAX_ATTEMPTS = 6;

    private final Connections connections;
    private final Path workRoot;

    public CopyHummockManifestsTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        BackupWorkFiles files = BackupWorkFiles.of(run);
        if (run.context().getLong(BackupContextKeys.HUMMOCK_REVISION, -1) == run.contextLong(BackupContextKeys.REVISION)
                && run.context().containsKey(BackupContextKeys.HUMMOCK_VERSION) && Files.exists(files.hummockFrames())) {
            return RepeatStatus.FINISHED;
        }
        String seenBeforePin = null;
        String lastReason = null;
        try (EtcdGateway etcd = run.openEtcd(connections)) {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                long revision = run.contextLong(BackupContextKeys.REVISION);
                HummockLocation location = hummockLocation(etcd, run.rootPrefix(), revision);
                HummockStorage hummock = connections.hummockStorage(location);
                try (var store = hummock.store()) {
                    VersionedBytes checkpoint = readCheckpoint(hummock);
                    HummockLayout layout = HummockLayouts.RISINGWAVE;
                    List<HummockLayout.Delta> deltas = deltas(etcd, run.rootPrefix(), revision, layout);
                    if (!readCheckpoint(hummock).version().equals(checkpoint.version())) {
                        lastReason = "the hummock checkpoint was rewritten while the deltas were read";
                        log.info("{}; reading both again", lastReason);
                        continue;
                    }
                    HummockVersionResolver.Resolution resolution;
                    try {
                        resolution = HummockVersionResolver.resolve(layout.checkpoint(checkpoint.content()), deltas);
                    } catch (HummockFormatException e) {
                        throw new HummockFormatException("hummock checkpoint " + hummock.key(HummockStorage.CHECKPOINT)
                                + " does not decode as a " + layout.name() + " checkpoint: " + e.getMessage());
                    }
                    if (!resolution.checkpointAhead() || checkpoint.version().equals(seenBeforePin)) {
                        write(run, files, hummock, resolution.builder());
                        return RepeatStatus.FINISHED;
                    }
                    lastReason = resolution.aheadReason();
                    log.info("{}; pinning a newer revision so that the checkpoint provably belongs to it", lastReason);
                    seenBeforePin = checkpoint.version();
                }
                PinRevisionTasklet.pin(etcd, run);
            }
        }
        throw new HummockInconsistencyException(lastReason + "; gave up after " + MAX_ATTEMPTS
                + " attempts: the cluster checkpoints faster than a backup can pin; run 'metasnap jobs restart ID' later");
    }

    private static VersionedBytes readCheckpoint(HummockStorage hummock) {
        return hummock.readVersioned(HummockStorage.CHECKPOINT).orElseThrow(() -> new PreconditionFailedException(
                "hummock checkpoint " + hummock.key(HummockStorage.CHECKPOINT) + " not found in " + hummock.store().describe()
                        + "; check the state_store and data_directory system params"));
    }

    private void write(JobRun run, BackupWorkFiles files, HummockStorage hummock, HummockLayout.VersionBuilder builder) {
        HummockVersion version = builder.version();
        Optional<byte[]> clusterId = hummock.read(HummockStorage.CLUSTER_ID);

        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.writeBytes(SnapshotFormat.hummockObjectFrame(HummockStorage.CHECKPOINT, builder.checkpoint()));
        clusterId.ifPresent(id -> frames.writeBytes(SnapshotFormat.hummockObjectFrame(HummockStorage.CLUSTER_ID, id)));
        BackupWorkFiles.writeAtomically(files.hummockFrames(), frames.toByteArray());
        run.context().putString(BackupContextKeys.HUMMOCK_VERSION, new String(Json.write(version), StandardCharsets.UTF_8));

        run.context().putLong(BackupContextKeys.HUMMOCK_VERSION_ID, version.id());
        run.context().putLong(BackupContextKeys.MAX_COMMITTED_EPOCH, version.maxCommittedEpoch());
        run.context().putLong(BackupContextKeys.SAFE_EPOCH, version.safeEpoch());
        run.context().putLong(BackupContextKeys.HUMMOCK_REVISION, run.contextLong(BackupContextKeys.REVISION));
        log.info("hummock version {} ({} layout, {} SSTs) at revision {}", version.id(), version.layout(), version.ssts().size(), run.contextLong(BackupContextKeys.REVISION));
    }

    /** The cluster's hummock location from its system params at {@code revision}. */
    public static HummockLocation hummockLocation(EtcdGateway etcd, String rootPrefix, long revision) {
        String stateStore = param(etcd, rootPrefix, SystemParam.STATE_STORE, revision);
        String dataDirectory = param(etcd, rootPrefix, SystemParam.DATA_DIRECTORY, revision);
        return HummockLocation.parse(stateStore, dataDirectory);
    }

    private static String param(EtcdGateway etcd, String rootPrefix, String name, long revision) {
        return new SystemParams(etcd, rootPrefix).get(name, revision).orElseThrow(() -> new PreconditionFailedException("system parameter " + name + " is not set in " + etcd.describe()
                        + " at revision " + revision + "; a cluster without hummock storage cannot be backed up"));
    }

    private static List<HummockLayout.Delta> deltas(EtcdGateway etcd, String rootPrefix, long revision, HummockLayout layout) {
        List<HummockLayout.Delta> deltas = new ArrayList<>();
        try (KeyPager pager = KeyPager.simple(etcd, KeyRange.prefix(rootPrefix + MetaKeys.HUMMOCK_DELTAS), revision)) {
            for (List<MetaEntry> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                for (MetaEntry e : page) {
                    try {
                        deltas.add(layout.decodeDelta(e.value()));
                    } catch (HummockFormatException ex) {
                        throw new HummockFormatException("hummock delta " + MetaKeys.describe(e.key()) + " does not decode as a "
                                + layout.name() + " delta (the layout of the checkpoint): " + ex.getMessage());
                    }
                }
            }
        }
        return deltas;
    }
}
