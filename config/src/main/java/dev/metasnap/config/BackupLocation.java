package dev.metasnap.config;

import java.util.Objects;

/** Where meta snapshots live: a storage URL plus the directory inside it ({@code backup_storage_directory}). */
public record BackupLocation(StorageUrl url, String directory) {

    public BackupLocation {
        Objects.requireNonNull(url, "url");
        directory = StorageDirectory.normalize(directory, "backup storage directory");
    }

    public static BackupLocation parse(String url, String directory) {
        return new BackupLocation(StorageUrl.parse(url), directory);
    }

    /** The location as an operator reads it, without secrets. */
    public String describe() {
        return url.redacted() + " directory '" + directory + "'";
    }
}
