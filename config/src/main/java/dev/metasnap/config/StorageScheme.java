package dev.metasnap.config;

/** The kinds of object storage metasnap can read and write. */
public enum StorageScheme {
    S3("s3"),
    MINIO("minio"),
    FS("fs");

    private final String prefix;

    StorageScheme(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }
}
