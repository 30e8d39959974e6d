package dev.metasnap.steps.restore;

import dev.metasnap.steps.connect.Connections;
import dev.metasnap.steps.etcd.EtcdGateway;
import dev.metasnap.steps.etcd.KeyPager;
import dev.metasnap.steps.etcd.KeyRange;
import dev.metasnap.steps.etcd.MetaEntry;
import dev.metasnap.steps.format.SnapshotCorruptException;
import dev.metasnap.steps.format.SnapshotReader;
import dev.metasnap.steps.format.SnapshotSection;
import dev.metasnap.steps.hummock.HummockStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Compares the restored target with the snapshot: the key count and a SHA-256 over every key
 * and value in key order (the overwritten params with their new values, the restore marker
 * left out), and the hummock checkpoint byte for byte. Both sides are streamed. Restart
 * contract: read-only; runs again on every restart.
 */
public final class VerifyRestoredTargetTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public VerifyRestoredTargetTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(chunkContext, workRoot);
        Map<String, byte[]> overrides = StorageParamOverrides.of(run, connections);
        MessageDigest expected = MessageDigest.getInstance("SHA-256");
        MessageDigest actual = MessageDigest.getInstance("SHA-256");
        long expectedKeys = 0;
        long actualKeys = 0;
        byte[] marker = RestoreMarker.key(run.rootPrefix()).getBytes(StandardCharsets.UTF_8);
        try (SnapshotReader snapshot = SnapshotFile.open(run.snapshotFile());
             EtcdGateway etcd = run.openTarget(connections);
             KeyPager target = new KeyPager(etcd, KeyRange.prefix(run.rootPrefix()), 0, 5_000, KeyPager.DEFAULT_PAGE_BYTES, KeyPager.MAX_PAGE_KEYS, true)) {
            for (var s = snapshot.next(); s.isPresent(); s = snapshot.next()) {
                if (s.get() instanceof SnapshotSection.KvBlock block) {
                    for (MetaEntry e : block.entries()) {
                        byte[] value = overrides.getOrDefault(e.keyText(), e.value());
                        digest(expected, e.key(), value);
                        expectedKeys++;
                    }
                }
            }
            Deque<MetaEntry> page = new ArrayDeque<>();
            for (List<MetaEntry> next = target.next(); !next.isEmpty(); next = target.next()) {
                page.addAll(next);
                while (!page.isEmpty()) {
                    MetaEntry e = page.poll();
                    if (!Arrays.equals(e.key(), marker)) {
                        digest(actual, e.key(), e.value());
                        actualKeys++;
                    }
                }
            }
        }
        if (expectedKeys != actualKeys || !MessageDigest.isEqual(expected.digest(), actual.digest())) {
            throw new SnapshotCorruptException("target", "restored etcd holds " + actualKeys + " keys, the snapshot " + expectedKeys
                    + (expectedKeys == actualKeys ? " but their contents differ" : "") + "; something else wrote to the target during the restore."
                    + " Empty the target and start a new restore");
        }
        verifyCheckpoint(run);
        return RepeatStatus.FINISHED;
    }

    private void verifyCheckpoint(RestoreRun run) {
        byte[] want = SnapshotFile.hummockObjects(run.snapshotFile()).get(HummockStorage.CHECKPOINT);
        HummockStorage hummock = run.openHummock(connections);
        try (var store = hummock.store()) {
            byte[] got = hummock.read(HummockStorage.CHECKPOINT).orElse(new byte[0]);
            if (!Arrays.equals(want, got)) {
                throw new SnapshotCorruptException("hummock manifest", "checkpoint in " + hummock.location().describe()
                        + " differs from the snapshot's (" + HexFormat.of().formatHex(got, 0, Math.min(8, got.length)) + "...); restart the job to write it again");
            }
        }
    }

    private static void digest(MessageDigest digest, byte[] key, byte[] value) {
        digest.update(java.nio.ByteBuffer.allocate(8).putInt(key.length).putInt(value.length).array());
        digest.update(key);
        digest.update(value);
    }
}
