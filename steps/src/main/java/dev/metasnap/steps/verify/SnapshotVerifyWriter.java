package dev.metasnap.steps.verify;

import dev.metasnap.core.manifest.UnsupportedFormatException;
import dev.metasnap.core.hummock.HummockLayouts;
import dev.metasnap.core.verify.CopiedSstCheck;
import dev.metasnap.core.verify.SnapshotScan;
import dev.metasnap.core.progress.ProgressSink;
import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.restore.RestorePreflight;
import dev.metasnap.core.restore.RestoreRefusedException;
import dev.metasnap.core.ssts.SstStore;
import dev.metasnap.core.store.NoSuchObjectException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * Deep-checks each snapshot (every block, counts, SHA-256 against the manifest, the hummock
 * checkpoint decodes, optionally every pinned SST exists) and records the outcome and its time
 * in the manifest. A corrupt snapshot does not stop the run; the job reports them at the end.
 * Restart contract: verifying again overwrites the recorded outcome with a fresh one.
 */
public final class SnapshotVerifyWriter implements ItemStreamWriter<Long> {

    private static final Logger log = LoggerFactory.getLogger(SnapshotVerifyWriter.class);

    private final Supplier<BackupStorage> backup;
    private final Supplier<HummockStorage> hummock;
    private final CopiedSstCheck copied;
    private final ProgressSink progress;
    private final int total;
    private int done;
    private long bytes;
    private BackupStorage storage;

    /** {@code hummock} is null unless pinned SSTs are to be checked. */
    public SnapshotVerifyWriter(Supplier<BackupStorage> backup, Supplier<HummockStorage> hummock, CopiedSstCheck copied) {
        this(backup, hummock, copied, ProgressSink.none(), -1);
    }

    /** With progress: {@code total} snapshots to verify. */
    public SnapshotVerifyWriter(Supplier<BackupStorage> backup, Supplier<HummockStorage> hummock, CopiedSstCheck copied,
                                ProgressSink progress, int total) {
        this.progress = progress;
        this.total = total;
        this.backup = backup;
        this.hummock = hummock;
        this.copied = copied;
    }

    @Override
    public void open(ExecutionContext context) {
        storage = backup.get();
    }

    @Override
    public void write(Chunk<? extends Long> ids) {
        for (long id : ids) {
            SnapshotMetadata entry = storage.readManifest().find(id).orElse(null);
            if (entry == null) {
                log.warn("snapshot {} left the manifest before it was verified (deleted or pruned); skipped", id);
                continue;
            }
            String result = SnapshotMetadata.VERIFIED_OK;
            try {
                HummockLayouts.named(entry.hummockLayout());
                SnapshotScan.of(storage.store().get(storage.snapshotKey(id)))
                        .expect(id, entry.etcdRevision(), entry.keyCount(), entry.sha256());
                if (copied.enabled()) {
                    SstStore ssts = new SstStore(storage);
                    copied.check(ssts, ssts.readIndex(), entry);
                }
                if (hummock != null) {
                    HummockStorage h = hummock.get();
                    try (var store = h.store()) {
                        RestorePreflight.requirePinnedSsts(h, entry);
                    }
                }
            } catch (UnsupportedFormatException e) {
                result = "unsupported: " + e.getMessage();
            } catch (SnapshotCorruptException e) {
                result = "corrupt: " + e.getMessage();
            } catch (NoSuchObjectException e) {
                result = "missing: " + e.getMessage();
            } catch (RestoreRefusedException e) {
                result = "missing SSTs: " + e.getMessage();
            }
            String outcome = result;
            String when = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
            storage.update(m -> m.find(id).map(s -> m.with(s.verified(when, outcome))).orElse(m));
            log.info("snapshot {}: {}", id, outcome);
            done++;
            bytes += entry.objectBytes();
            progress.report("verify", done, total, bytes);
        }
    }

    @Override
    public void close() {
        if (storage != null) {
            storage.store().close();
            storage = null;
        }
    }
}
