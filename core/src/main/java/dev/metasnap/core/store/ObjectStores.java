package dev.metasnap.core.store;

import dev.metasnap.config.StorageUrl;

/** Opens the {@link ObjectStore} for a storage URL; jobs get one injected so tests can wrap it. */
@FunctionalInterface
public interface ObjectStores {

    ObjectStore open(StorageUrl url);

    /** The real stores: S3-compatible for s3:// and minio://, a directory for fs://. */
    static ObjectStores real() {
        return url -> switch (url.scheme()) {
            case S3, MINIO -> S3ObjectStore.open(url);
            case FS -> FsObjectStore.open(url.root());
        };
    }
}
