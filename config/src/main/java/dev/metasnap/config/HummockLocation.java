package dev.metasnap.config;

import java.util.Objects;

/** Where a cluster's hummock state lives: the {@code state_store} URL and its {@code data_directory}. */
public record HummockLocation(StorageUrl url, String directory) {

    public HummockLocation {
        Objects.requireNonNull(url, "url");
        directory = StorageDirectory.normalize(directory, "hummock data directory");
    }

    public static HummockLocation parse(String url, String directory) {
        return new HummockLocation(StorageUrl.parse(url), directory);
    }

    public String describe() {
        return "hummock+" + url.redacted() + " directory '" + directory + "'";
    }
}
