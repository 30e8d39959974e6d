package dev.metasnap.core.store;

import dev.metasnap.config.StorageUrl;
import dev.metasnap.testkit.RealServers;
import dev.metasnap.testkit.S3ProxyProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link ObjectStore} contract for an S3-compatible server (S3Proxy), listing in pages of
 * two so that every listing has to continue from page to page. One server and one bucket for
 * the class; each test keeps to its own prefix.
 */
@ExtendWith(RealServers.class)
class S3ObjectStoreContractTest extends ObjectStoreContract {

    private static final String BUCKET = "contract";
    private static S3ProxyProcess server;
    private static S3ObjectStore store;

    @BeforeAll
    static void openBucket(S3ProxyProcess s3) {
        server = s3;
        s3.createBucket(BUCKET);
        store = S3ObjectStore.open(StorageUrl.parse(s3.minioUrl(BUCKET)), 2);
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Override
    ObjectStore store() {
        return store;
    }

    @Override
    ObjectStore storeWithoutBucket() {
        return S3ObjectStore.open(StorageUrl.parse(server.minioUrl("no-such-bucket")));
    }

    /** An interrupted write on S3 leaves no object at all (an unfinished multipart upload is no temporary file). */
    @Override
    int leaveInterruptedWrite(String key) {
        return 0;
    }
}
