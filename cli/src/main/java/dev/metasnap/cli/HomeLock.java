package dev.metasnap.cli;

import dev.metasnap.core.manifest.LockHeldException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One job-running command at a time per home with the H2 job repository. H2 serves its file
 * from whichever process opened it first; when that process exits, another command's
 * transaction in flight is lost ("Database is already closed"), so a second command that would
 * run a job refuses at once (exit 6) instead of crashing later. Read-only commands do not take
 * it. The operating system releases the lock when its process dies, so a kill never leaves it.
 */
final class HomeLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static HomeLock claim(Path home, String command) {
        Path file = home.resolve("jobs.run-lock");
        FileChannel channel = null;
        try {
            Files.createDirectories(home);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new LockHeldException("home " + home + " is in use by " + (holder.isEmpty() ? "another metasnap command" : holder)
                        + "; commands that run jobs take one home at a time: wait for it, or give this one another --home");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("'" + command + "' (pid " + ProcessHandle.current().pid() + ", since " + Instant.now() + ")")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new HomeLock(channel, lock);
        } catch (IOException e) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw new UncheckedIOException("cannot lock home " + home + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
