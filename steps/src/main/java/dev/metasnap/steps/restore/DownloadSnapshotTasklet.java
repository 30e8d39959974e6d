package dev.metasnap.steps.restore;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.format.SnapshotCorruptException;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.verify.SnapshotScan;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Downloads the snapshot to the work directory while checking every block checksum, the key
 * count and the SHA-256, so that not a single key is written from a damaged snapshot.
 * Restart contract: re-runs on every restart; a verified local copy is kept and not downloaded
 * again, and one that is not on this host (a restart elsewhere) is downloaded and verified anew.
 */
public final class DownloadSnapshotTasklet implements Tasklet {

    private final Connections connections;
    private final Path workRoot;

    public DownloadSnapshotTasklet(Connections connections, Path workRoot) {
        this.connections = connections;
        this.workRoot = workRoot;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws IOException {
        JobRun run = JobRun.of(chunkContext, workRoot);
        Path target = RestoreWorkFiles.snapshotFile(run);
        if (run.context().containsKey(RestoreContextKeys.DOWNLOADED) && Files.isRegularFile(target)
                && Files.size(target) == run.context().getLong(RestoreContextKeys.OBJECT_BYTES)) {
            return RepeatStatus.FINISHED;
        }
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling("snapshot.bin.part");
        BackupStorage backup = run.openStorage(connections);
        SnapshotScan scan;
        try (var store = backup.store(); OutputStream file = Files.newOutputStream(partial)) {
            scan = SnapshotScan.read(new CopyingInputStream(store.get(backup.snapshotKey(run.requestedSnapshotId())), file), section -> { });
        }
        long keys = scan.keys();
        String sha = scan.sha256();
        String expected = run.context().getString(RestoreContextKeys.SHA256);
        if (!sha.equals(expected)) {
            Files.deleteIfExists(partial);
            throw new SnapshotCorruptException("object", "snapshot " + run.requestedSnapshotId() + " has SHA-256 " + sha + " but the manifest records "
                    + expected + "; nothing was restored, verify it with 'metasnap verify' or restore another snapshot");
        }
        if (keys != run.context().getLong(RestoreContextKeys.KEY_COUNT)) {
            Files.deleteIfExists(partial);
            throw new SnapshotCorruptException("trailer", "snapshot " + run.requestedSnapshotId() + " holds " + keys + " keys, the manifest says "
                    + run.context().getLong(RestoreContextKeys.KEY_COUNT) + "; nothing was restored");
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        run.context().putString(RestoreContextKeys.DOWNLOADED, sha);
        return RepeatStatus.FINISHED;
    }

    /** Passes every byte read on to a second stream: the download is verified and saved in one pass. */
    private static final class CopyingInputStream extends FilterInputStream {
        private final OutputStream copy;

        CopyingInputStream(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                copy.write(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skipping would leave a gap in the downloaded copy");
        }
    }
}
