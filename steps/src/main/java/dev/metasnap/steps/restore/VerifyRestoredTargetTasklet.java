package dev.metasnap.steps.restore;

import dev.metasnap.core.restore.IdGeneratorRaise;
import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.restore.RestoreMarker;
import dev.metasnap.core.restore.SnapshotFile;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyPager;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.format.SnapshotSection;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.verify.SnapshotScan;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Compares the restored target with the snapshot: the key count and a SHA-256 over every key
 * and value in key order (the overwritten params and raised id generators with their new
 * values, the restore marker left out), and the hummock checkpoint byte for byte. The keyspace is cut into partitions at
 * block boundaries of the snapshot; partitions are read from etcd in parallel, each as a
 * bounded range (cheap for etcd, which counts to a range's end on every page), and a mismatch
 * names the partition's keys. Restart contract: read-only; runs again on every restart.
 */
public final class VerifyRestoredTargetTasklet implements Tasklet {

    static final int PARTITION_KEYS = 50_000;
    private static final int READERS = 4;
    /** Smaller pages than the export's: four readers share the memory one reader would have. */
    private static final long PAGE_BYTES = KeyPager.DEFAULT_PAGE_BYTES / 4;

    private final Connections connections;
    private final Path workRoot;

    public VerifyRestoredTargetTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    /** A slice [start, end) of the keyspace and what the snapshot holds in it. */
    private record Partition(byte[] start, byte[] end, long keys, byte[] digest) {
    }

    private record Found(long keys, byte[] digest) {
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        JobRun run = JobRun.of(chunkContext, workRoot);
        KeyRange whole = KeyRange.prefix(run.rootPrefix());
        Map<String, byte[]> overrides = new java.util.HashMap<>(StorageParamOverrides.of(run, connections));
        IdGeneratorRaise.parse(run.context().getString(RaiseIdGeneratorsTasklet.RAISED, "")).forEach((key, r) -> overrides.put(key, RaiseIdGeneratorsTasklet.bytes(r.to())));
        List<Partition> partitions = expected(run, overrides, whole);
        byte[] marker = RestoreMarker.key(run.rootPrefix()).getBytes(StandardCharsets.UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(READERS);
        try (EtcdGateway etcd = run.openEtcd(connections)) {
            List<Future<Found>> found = new ArrayList<>();
            for (Partition p : partitions) {
                found.add(pool.submit(() -> read(etcd, new KeyRange(p.start(), p.end()), marker)));
            }
            for (int i = 0; i < partitions.size(); i++) {
                Partition want = partitions.get(i);
                Found got = found.get(i).get();
                if (got.keys() != want.keys() || !MessageDigest.isEqual(got.digest(), want.digest())) {
                    throw new SnapshotCorruptException("target", "restored etcd holds " + got.keys() + " keys from '"
                            + printable(want.start()) + "' to '" + printable(want.end()) + "', the snapshot " + want.keys()
                            + (got.keys() == want.keys() ? " with other contents" : "")
                            + "; something else wrote to the target during the restore. Empty the target and start a new restore");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        verifyCheckpoint(run);
        run.context().putString(RestoreContextKeys.TARGET_VERIFIED, run.context().getString(RestoreContextKeys.SHA256));
        return RepeatStatus.FINISHED;
    }

    /** One pass over the snapshot: partitions of about PARTITION_KEYS keys, cut where a block begins. */
    private static List<Partition> expected(JobRun run, Map<String, byte[]> overrides, KeyRange whole) {
        Partitioner partitioner = new Partitioner(whole.start(), overrides);
        SnapshotFile.scan(RestoreWorkFiles.snapshotFile(run), SnapshotScan.blocks(partitioner));
        return partitioner.finish(whole.end());
    }

    /** Cuts the blocks it is given into partitions, digesting each with the overridden values. */
    private static final class Partitioner implements Consumer<SnapshotSection.KvBlock> {
        private final List<Partition> partitions = new ArrayList<>();
        private final Map<String, byte[]> overrides;
        private final MessageDigest digest = sha256();
        private byte[] start;
        private long keys;

        Partitioner(byte[] start, Map<String, byte[]> overrides) {
            this.start = start;
            this.overrides = overrides;
        }

        @Override
        public void accept(SnapshotSection.KvBlock block) {
            if (block.entries().isEmpty()) {
                return;
            }
            if (keys >= PARTITION_KEYS) {
                byte[] cut = block.entries().get(0).key();
                partitions.add(new Partition(start, cut, keys, digest.digest()));
                start = cut;
                keys = 0;
            }
            for (MetaEntry e : block.entries()) {
                update(digest, e.key(), overrides.getOrDefault(e.keyText(), e.value()));
                keys++;
            }
        }

        List<Partition> finish(byte[] end) {
            partitions.add(new Partition(start, end, keys, digest.digest()));
            return partitions;
        }
    }

    private static Found read(EtcdGateway etcd, KeyRange range, byte[] marker) {
        MessageDigest digest = sha256();
        long keys = 0;
        try (KeyPager pager = new KeyPager(etcd, range, 0, 2_000, PAGE_BYTES, KeyPager.MAX_PAGE_KEYS, false)) {
            for (List<MetaEntry> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                for (MetaEntry e : page) {
                    if (!Arrays.equals(e.key(), marker)) {
                        update(digest, e.key(), e.value());
                        keys++;
                    }
                }
            }
        }
        return new Found(keys, digest.digest());
    }

    private void verifyCheckpoint(JobRun run) {
        byte[] want = SnapshotFile.hummockObjects(RestoreWorkFiles.snapshotFile(run)).get(HummockStorage.CHECKPOINT);
        HummockStorage hummock = run.openHummock(connections);
        try (var store = hummock.store()) {
            byte[] got = hummock.read(HummockStorage.CHECKPOINT).orElse(new byte[0]);
            if (!Arrays.equals(want, got)) {
                throw new SnapshotCorruptException("hummock manifest", "checkpoint in " + hummock.location().describe()
                        + " differs from the snapshot's (" + HexFormat.of().formatHex(got, 0, Math.min(8, got.length)) + "...); restart the job to write it again");
            }
        }
    }

    private static void update(MessageDigest digest, byte[] key, byte[] value) {
        digest.update(ByteBuffer.allocate(8).putInt(key.length).putInt(value.length).array());
        digest.update(key);
        digest.update(value);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String printable(byte[] key) {
        return new String(key, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?");
    }
}
