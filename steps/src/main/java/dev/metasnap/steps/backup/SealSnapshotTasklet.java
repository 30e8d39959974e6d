package dev.metasnap.steps.backup;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.format.FrameKind;
import dev.metasnap.core.format.SnapshotFormat;
import dev.metasnap.core.format.SnapshotHeader;
import dev.metasnap.core.format.SnapshotTrailer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
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
        BlockTotals totals = scanBlocks(files.kvFrames(), sha);

        int hummockObjects = countFrames(hummockFrames);
        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        tail.writeBytes(SnapshotFormat.trailerFrame(new SnapshotTrailer(totals.blocks, totals.entries, totals.raw, totals.stored, hummockObjects)));
        tail.writeBytes(SnapshotFormat.END_MAGIC);
        BackupWorkFiles.writeAtomically(files.tail(), tail.toByteArray());
        sha.update(tail.toByteArray());

        context.putLong(BackupContextKeys.OBJECT_BYTES, head.size() + Files.size(files.kvFrames()) + tail.size());
        context.putString(BackupContextKeys.SHA256, HexFormat.of().formatHex(sha.digest()));
        context.putLong(BackupContextKeys.KEY_COUNT, totals.entries);
        context.putLong(BackupContextKeys.KV_BLOCKS, totals.blocks);
        context.putLong(BackupContextKeys.RAW_BYTES, totals.raw);
        context.putLong(BackupContextKeys.STORED_BYTES, totals.stored);
        context.putLong(BackupContextKeys.SEALED_REVISION, run.contextLong(BackupContextKeys.REVISION));
        return RepeatStatus.FINISHED;
    }

    private static final class BlockTotals {
        long blocks;
        long entries;
        long raw;
        long stored;
    }

    /** Hashes the block file and adds up its frame headers; payloads are not decoded here (verify does that). */
    private static BlockTotals scanBlocks(Path kvFrames, MessageDigest sha) throws IOException {
        BlockTotals totals = new BlockTotals();
        byte[] skip = new byte[1 << 16];
        try (InputStream file = Files.newInputStream(kvFrames);
             DataInputStream in = new DataInputStream(new DigestInputStream(new BufferedInputStream(file, 1 << 20), sha))) {
            while (true) {
                int tag = in.read();
                if (tag < 0) {
                    return totals;
                }
                if (tag != (FrameKind.KV_BLOCK.tag() & 0xff)) {
                    throw new IllegalStateException("block file " + kvFrames + " is damaged at block " + totals.blocks
                            + "; abandon this run and start a new backup");
                }
                int entries = in.readInt();
                int raw = in.readInt();
                int stored = in.readInt();
                in.readInt();
                int left = stored;
                while (left > 0) {
                    int n = in.read(skip, 0, Math.min(skip.length, left));
                    if (n < 0) {
                        throw new EOFException("block file " + kvFrames + " ends inside block " + totals.blocks);
                    }
                    left -= n;
                }
                totals.blocks++;
                totals.entries += entries;
                totals.raw += raw;
                totals.stored += stored;
            }
        }
    }

    private static int countFrames(byte[] frames) {
        int count = 0;
        int pos = 0;
        while (pos < frames.length) {
            int stored = java.nio.ByteBuffer.wrap(frames, pos + 9, 4).getInt();
            pos += SnapshotFormat.FRAME_HEADER_BYTES + stored;
            count++;
        }
        return count;
    }
}
