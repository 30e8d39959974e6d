package dev.metasnap.steps.backup;

import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.config.SystemParam;
import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.etcd.EtcdGateway;
import dev.metasnap.steps.etcd.KeyPage;
import dev.metasnap.steps.etcd.KeyPager;
import dev.metasnap.steps.etcd.KeyRange;
import dev.metasnap.steps.etcd.MetaEntry;
import dev.metasnap.steps.format.Json;
import dev.metasnap.steps.format.SnapshotFormat;
import dev.metasnap.steps.hummock.HummockCheckpoint;
import dev.metasnap.steps.hummock.HummockCodec;
import dev.metasnap.steps.hummock.HummockDelta;
import dev.metasnap.steps.hummock.HummockInconsistencyException;
import dev.metasnap.steps.hummock.HummockStorage;
import dev.metasnap.steps.hummock.HummockVersion;
import dev.metasnap.steps.hummock.HummockVersionResolver;
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
 * Reads the hummock checkpoint and the delta chain as of the pinned revision and writes the
 * snapshot's hummock frames. A checkpoint that moved past the pinned deltas is read once more,
 * and if it is still ahead the revision is pinned again (the export has not started yet).
 * Restart contract: re-runs whenever the run captures the snapshot (see
 * {@link BackupProgressDecider}) and does nothing if its output matches the pinned revision.
 */
public final class CopyHummockManifestsTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(CopyHummockManifestsTasklet.class);
    static final int MAX_REPINS = 5;

    private final Connections connections;
    private final Path workRoot;
    private final HummockCodec codec;

    public CopyHummockManifestsTasklet(Connections connections, Path workRoot, HummockCodec codec) {
        this.connections = connections;
        this.workRoot = workRoot;
        this.codec = codec;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        BackupRun run = BackupRun.of(chunkContext, workRoot);
        BackupWorkFiles files = run.files();
        if (run.context().getLong(BackupContextKeys.HUMMOCK_REVISION, -1) == run.revision()
                && run.context().containsKey(BackupContextKeys.HUMMOCK_VERSION) && Files.exists(files.hummockFrames())) {
            return RepeatStatus.FINISHED;
        }
        try (EtcdGateway etcd = run.openEtcd(connections)) {
            for (int attempt = 0; ; attempt++) {
                long revision = run.revision();
                HummockLocation location = hummockLocation(etcd, run.rootPrefix(), revision);
                List<HummockDelta> deltas = deltas(etcd, run.rootPrefix(), revision);
                HummockStorage hummock = connections.hummockStorage(location);
                try (var store = hummock.store()) {
                    try {
                        write(run, files, hummock, deltas);
                        return RepeatStatus.FINISHED;
                    } catch (HummockInconsistencyException first) {
                        log.info("{}; reading the checkpoint again", first.getMessage());
                        try {
                            write(run, files, hummock, deltas);
                            return RepeatStatus.FINISHED;
                        } catch (HummockInconsistencyException again) {
                            if (attempt >= MAX_REPINS) {
                                throw new HummockInconsistencyException(again.getMessage() + "; gave up after " + MAX_REPINS
                                        + " new revisions: the cluster checkpoints faster than a backup can pin; run 'metasnap jobs restart' later");
                            }
                            PinRevisionTasklet.pin(etcd, run);
                        }
                    }
                }
            }
        }
    }

    private void write(BackupRun run, BackupWorkFiles files, HummockStorage hummock, List<HummockDelta> deltas) {
        byte[] checkpointBytes = hummock.read(HummockStorage.CHECKPOINT).orElseThrow(() -> new PreconditionFailedException(
                "hummock checkpoint " + hummock.key(HummockStorage.CHECKPOINT) + " not found in " + hummock.store().describe()
                        + "; check the state_store and data_directory system params"));
        HummockCheckpoint checkpoint = codec.decodeCheckpoint(checkpointBytes);
        HummockVersion version = HummockVersionResolver.resolve(checkpoint, deltas);
        Optional<byte[]> clusterId = hummock.read(HummockStorage.CLUSTER_ID);

        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        frames.writeBytes(SnapshotFormat.hummockObjectFrame(HummockStorage.CHECKPOINT, checkpointBytes));
        clusterId.ifPresent(id -> frames.writeBytes(SnapshotFormat.hummockObjectFrame(HummockStorage.CLUSTER_ID, id)));
        BackupWorkFiles.writeAtomically(files.hummockFrames(), frames.toByteArray());
        run.context().putString(BackupContextKeys.HUMMOCK_VERSION, new String(Json.write(version), StandardCharsets.UTF_8));

        run.context().putLong(BackupContextKeys.HUMMOCK_VERSION_ID, version.id());
        run.context().putLong(BackupContextKeys.MAX_COMMITTED_EPOCH, version.maxCommittedEpoch());
        run.context().putLong(BackupContextKeys.SAFE_EPOCH, version.safeEpoch());
        run.context().putLong(BackupContextKeys.HUMMOCK_REVISION, run.revision());
    }

    private static HummockLocation hummockLocation(EtcdGateway etcd, String rootPrefix, long revision) {
        String stateStore = param(etcd, rootPrefix, SystemParam.STATE_STORE, revision);
        String dataDirectory = param(etcd, rootPrefix, SystemParam.DATA_DIRECTORY, revision);
        return HummockLocation.parse(stateStore, dataDirectory);
    }

    private static String param(EtcdGateway etcd, String rootPrefix, String name, long revision) {
        KeyPage page = etcd.range(KeyRange.prefix(rootPrefix + MetaKeys.SYSTEM_PARAMS + name), revision, 2);
        return page.entries().stream()
                .filter(e -> e.keyText().equals(rootPrefix + MetaKeys.SYSTEM_PARAMS + name))
                .map(e -> new String(e.value(), StandardCharsets.UTF_8))
                .findFirst()
                .orElseThrow(() -> new PreconditionFailedException("system parameter " + name + " is not set in " + etcd.describe()
                        + " at revision " + revision + "; a cluster without hummock storage cannot be backed up"));
    }

    private List<HummockDelta> deltas(EtcdGateway etcd, String rootPrefix, long revision) {
        List<HummockDelta> deltas = new ArrayList<>();
        try (KeyPager pager = KeyPager.simple(etcd, KeyRange.prefix(rootPrefix + MetaKeys.HUMMOCK_DELTAS), revision)) {
            for (List<MetaEntry> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                page.forEach(e -> deltas.add(codec.decodeDelta(e.value())));
            }
        }
        return deltas;
    }
}
