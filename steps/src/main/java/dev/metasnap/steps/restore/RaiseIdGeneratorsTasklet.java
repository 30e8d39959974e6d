package dev.metasnap.steps.restore;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.restore.IdGeneratorRaise;
import dev.metasnap.core.restore.SnapshotFile;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.format.SnapshotSection;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.verify.SnapshotScan;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * RisingWave's rule for id generators ({@code default/<category>_id_next_generator}, 8-byte
 * big-endian next bounds): a restore never moves one backwards. When a snapshot of the same
 * cluster taken at a later etcd revision is in the manifest, each generator the restored snapshot
 * holds takes the value of the newest readable one if that is higher, so ids handed out after the restored snapshot (SST
 * object ids among them, whose objects may still be in the bucket) are never handed out again.
 * The plan is kept in the job's context, so the target verification expects the raised
 * values and the command can print them.
 * Restart contract: re-runs after every (re-)run of writeMetaKeys; it keeps its first plan and
 * writes the raised values again, which changes nothing the second time.
 */
public final class RaiseIdGeneratorsTasklet implements Tasklet {

    /** One tab-separated line per raised generator: full key, old value, new value, the newer snapshot. */
    public static final String RAISED = "restore.raised-id-generators";
    private static final Logger log = LoggerFactory.getLogger(RaiseIdGeneratorsTasklet.class);

    private final Connections connections;
    private final Path workRoot;

    public RaiseIdGeneratorsTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        JobRun run = JobRun.of(chunkContext, workRoot);
        if (!run.context().containsKey(RAISED)) {
            run.context().putString(RAISED, IdGeneratorRaise.format(plan(run)));
        }
        Map<String, IdGeneratorRaise> raised = IdGeneratorRaise.parse(run.context().getString(RAISED));
        if (!raised.isEmpty()) {
            try (EtcdGateway etcd = run.openEtcd(connections)) {
                raised.forEach((key, r) -> etcd.put(key, bytes(r.to())));
            }
            raised.forEach((key, r) -> log.info("id generator {} raised from {} to {}, the value in newer snapshot {}", key, r.from(), r.to(), r.snapshot()));
        }
        return RepeatStatus.FINISHED;
    }

    public static byte[] bytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    private Map<String, IdGeneratorRaise> plan(JobRun run) {
        Map<String, IdGeneratorRaise> plan = new TreeMap<>();
        Map<String, Long> restored = new TreeMap<>();
        SnapshotFile.scan(RestoreWorkFiles.snapshotFile(run), generatorsInto(restored, run.rootPrefix()));
        if (restored.isEmpty()) {
            return plan;
        }
        BackupStorage storage = run.openStorage(connections);
        try (var store = storage.store()) {
            BackupManifest manifest = storage.readManifest();
            SnapshotMetadata restoredEntry = manifest.find(run.requestedSnapshotId()).orElse(null);
            if (restoredEntry == null) {
                return plan;
            }
            // newer means a later etcd revision of the same cluster, not a higher id: a run may
            // commit a low id it reserved long ago at a revision pinned again since
            List<SnapshotMetadata> newer = manifest.snapshotMetadata().stream()
                    .filter(e -> e.etcdRevision() > restoredEntry.etcdRevision() && restoredEntry.clusterId().equals(e.clusterId()))
                    .sorted(Comparator.comparingLong(SnapshotMetadata::etcdRevision).reversed())
                    .toList();
            for (SnapshotMetadata candidate : newer) {
                Map<String, Long> values = new TreeMap<>();
                try {
                    SnapshotScan.read(store.get(storage.snapshotKey(candidate.id())), generatorsInto(values, candidate.rootPrefix()));
                } catch (RuntimeException e) {
                    log.warn("could not read snapshot {} to check the id generators ({}); trying the next newest", candidate.id(), e.getMessage());
                    continue;
                }
                restored.forEach((name, value) -> {
                    Long higher = values.get(name);
                    if (higher != null && Long.compareUnsigned(higher, value) > 0) {
                        plan.put(run.rootPrefix() + name, new IdGeneratorRaise(value, higher, candidate.id()));
                    }
                });
                return plan;
            }
            if (!newer.isEmpty()) {
                log.warn("no newer snapshot of the cluster could be read to check the id generators; they keep the values of snapshot {}:"
                        + " make sure the restored cluster does not reuse ids still present in its state bucket", run.requestedSnapshotId());
            }
        }
        return plan;
    }

    /** A visitor that puts the id generators of a snapshot into {@code found}, by key relative to its root prefix. */
    private static Consumer<SnapshotSection> generatorsInto(Map<String, Long> found, String rootPrefix) {
        String prefix = rootPrefix + MetaKeys.DEFAULT_CF;
        return SnapshotScan.entries(e -> {
            String key = e.keyText();
            if (key.startsWith(prefix) && key.endsWith(MetaKeys.ID_GENERATOR_SUFFIX) && e.value().length == Long.BYTES) {
                found.put(key.substring(rootPrefix.length()), ByteBuffer.wrap(e.value()).getLong());
            }
        });
    }
}
