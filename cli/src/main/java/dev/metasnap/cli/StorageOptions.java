package dev.metasnap.cli;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.InvalidSettingException;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where snapshots are, when given on the command line instead of read from the cluster's system params. */
public final class StorageOptions {

    public static final String URL_ENV = "METASNAP_BACKUP_STORAGE_URL";
    public static final String DIRECTORY_ENV = "METASNAP_BACKUP_STORAGE_DIRECTORY";

    @Option(names = "--backup-storage-url", paramLabel = "URL", description = "s3://bucket[?endpoint=...], minio://key:secret@host:port/bucket or fs:///path (or $" + URL_ENV + ", which keeps a secret out of ps)")
    String url;

    @Option(names = "--backup-storage-directory", paramLabel = "DIR", description = "directory inside the storage (or $" + DIRECTORY_ENV + ")")
    String directory;

    public Optional<BackupLocation> location(CliEnvironment environment) {
        String u = url != null ? url : environment.getenv(URL_ENV);
        String d = directory != null ? directory : environment.getenv(DIRECTORY_ENV);
        if (u == null && d == null) {
            return Optional.empty();
        }
        if (u == null || d == null) {
            throw new InvalidSettingException("give --backup-storage-url and --backup-storage-directory together");
        }
        return Optional.of(BackupLocation.parse(u, d));
    }
}
