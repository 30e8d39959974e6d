package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.format.FrameKind;
import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.format.SnapshotFormat;
import dev.metasnap.core.format.SnapshotHeader;
import dev.metasnap.core.format.SnapshotReader;
import dev.metasnap.core.format.SnapshotReader.FrameTotals;
import dev.metasnap.core.format.SnapshotTrailer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Completes the local snapshot object: writes the head (preamble, header, hummock frames) and
 * the tail (trailer with the block totals, end marker), and records the object's size and
 * SHA-256. Restart contract: a pure function of the files and context before it; running it
 * again writes the same bytes.
 */
public final class SealSnapshotTasklet implements Tasklet {

    private final Path workRoot;

    public SealSnapshotTasklet(Path workRoot) {
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        JobRun run = JobRun.of(chunkContext, workRoot);
        BackupWorkFiles files = BackupWorkFiles.of(run);
        ExecutionContext context = run.context();

        SnapshotHeader header = new SnapshotHeader(SnapshotFormat.FORMAT_VERSION, run.contextLong(BackupContextKeys.SNAPSHOT_ID),
                context.getString(BackupContextKeys.CLUSTER_ID), run.contextLong(BackupContextKeys.REVISION), run.rootPrefix(),
                context.getString(BackupContextKeys.CREATED_AT), "metasnap");
        byte[] hummockFrames = Files.readAllBytes(files.hummockFrames());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(SnapshotFormat.preamble());
        head.writeBytes(SnapshotFormat.headerFrame(header));
        head.writeBytes(hummockFrames);
        BackupWorkFiles.writeAtomically(files.head(), head.toByteArray());

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(head.toByteArray());
        FrameTotals blocks = blockTotals(files.kvFrames(), sha);
        long hummockObjects = SnapshotReader.totals(new ByteArrayInputStream(hummockFrames), FrameKind.HUMMOCK_OBJECT).frames();
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        tail.writeBytes(SnapshotFormat.trailerFrame(new SnapshotTrailer(blocks.frames(), blocks.entries(), blocks.rawBytes(), blocks.storedBytes(),
                (int) hummockObjects)));
        tail.writeBytes(SnapshotFormat.END_MAGIC);
        BackupWorkFiles.writeAtomically(files.tail(), tail.toByteArray());
        sha.update(tail.toByteArray());

        context.putLong(BackupContextKeys.OBJECT_BYTES, head.size() + Files.size(files.kvFrames()) + tail.size());
        context.putString(BackupContextKeys.SHA256, HexFormat.of().formatHex(sha.digest()));
        context.putLong(BackupContextKeys.KEY_COUNT, blocks.entries());
        context.putLong(BackupContextKeys.KV_BLOCKS, blocks.frames());
        context.putLong(BackupContextKeys.RAW_BYTES, blocks.rawBytes());
        context.putLong(BackupContextKeys.STORED_BYTES, blocks.storedBytes());
        context.putLong(BackupContextKeys.SEALED_REVISION, run.contextLong(BackupContextKeys.REVISION));
        return RepeatStatus.FINISHED;
    }

    /** Hashes the block file and adds up its frame headers; payloads are not decoded here (verify does that). */
    private static FrameTotals blockTotals(Path kvFrames, MessageDigest sha) throws IOException {
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(kvFrames), 1 << 20), sha)) {
            return SnapshotReader.totals(in, FrameKind.KV_BLOCK);
        } catch (SnapshotCorruptException e) {
            throw new IllegalStateException("block file " + kvFrames + " is damaged (" + e.getMessage()
                    + "); abandon this run and start a new backup", e);
        }
    }
}
