package dev.metasnap.config;

import java.time.Duration;

/**
 * Tuning of the backup job. {@code pageKeys}: keys in the first etcd range read (later pages
 * are sized to about {@code pageBytes}); {@code blockKeys}: keys
 * per compressed block (one chunk); {@code partBytes}: multipart part size (S3 needs at least
 * 5 MiB except for the last part); {@code uploadConcurrency}: parts in flight.
 */
public record BackupSettings(int pageKeys, long pageBytes, int blockKeys, int partBytes, int uploadConcurrency, Duration lockTtl) {

    public static final int MIN_S3_PART_BYTES = 5 * 1024 * 1024;

    public BackupSettings {
        if (pageKeys < 1 || pageKeys > 50_000) {
            throw new InvalidSettingException("keys per etcd page must be within 1..50000: " + pageKeys);
        }
        if (pageBytes < 1) {
            throw new InvalidSettingException("bytes per etcd page must be >= 1: " + pageBytes);
        }
        if (blockKeys < 1) {
            throw new InvalidSettingException("keys per block must be >= 1: " + blockKeys);
        }
        if (partBytes < 1) {
            throw new InvalidSettingException("part size must be >= 1 byte: " + partBytes);
        }
        if (uploadConcurrency < 1 || uploadConcurrency > 64) {
            throw new InvalidSettingException("upload concurrency must be within 1..64: " + uploadConcurrency);
        }
    }

    public static BackupSettings defaults() {
        return new BackupSettings(5_000, 8L * 1024 * 1024, 4_096, 8 * 1024 * 1024, 4, Duration.ofHours(6));
    }

    public BackupSettings withPartBytes(int bytes) {
        return new BackupSettings(pageKeys, pageBytes, blockKeys, bytes, uploadConcurrency, lockTtl);
    }

    public BackupSettings withLockTtl(Duration ttl) {
        return new BackupSettings(pageKeys, pageBytes, blockKeys, partBytes, uploadConcurrency, ttl);
    }

    public BackupSettings withBlockKeys(int keys) {
        return new BackupSettings(pageKeys, pageBytes, keys, partBytes, uploadConcurrency, lockTtl);
    }
}
