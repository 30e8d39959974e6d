package dev.metasnap.core.ssts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.core.store.FsObjectStore;
import dev.metasnap.core.store.ForwardingObjectStore;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.PartContent;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SstCopierTest {

    @TempDir
    Path root;

    /** A store whose every part and put is sent twice, the first time only half read: what an SDK retry does. */
    private static ObjectStore retrying(ObjectStore delegate, AtomicInteger reopened) {
        return new ForwardingObjectStore(delegate) {
            private PartContent halfReadFirst(PartContent content) throws Exception {
                try (InputStream first = content.open()) {
                    first.readNBytes((int) Math.min(content.length() / 2, 1 << 20));
                }
                reopened.incrementAndGet();
                return content;
            }

            @Override
            public String uploadPart(String key, String uploadId, int partNumber, PartContent content) {
                try {
                    return super.uploadPart(key, uploadId, partNumber, halfReadFirst(content));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void putStream(String key, PartContent content) {
                try {
                    super.putStream(key, halfReadFirst(content));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Test
    void largeObjectsGoInPartsAndTheDigestIsTheObjectsEvenWhenPartsAreSentAgain() throws Exception {
        FsObjectStore store = FsObjectStore.open(root);
        byte[] content = new byte[(int) (SstCopier.PART_BYTES * 2 + 12345)];
        new Random(7).nextBytes(content);
        Files.createDirectories(root.resolve("state"));
        Files.write(root.resolve("state/1.data"), content);
        AtomicInteger reopened = new AtomicInteger();

        String sha = SstCopier.copy(store, "state/1.data", content.length, retrying(store, reopened), "backup/ssts/1.data");

        assertEquals(3, reopened.get(), "three parts, each sent twice");
        assertArrayEquals(content, Files.readAllBytes(root.resolve("backup/ssts/1.data")));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)), sha);
        assertEquals(sha, SstCopier.sha256Of(store, "backup/ssts/1.data"));
        assertTrue(store.listMultipartUploads("").isEmpty(), "the upload was completed");
    }

    @Test
    void smallObjectsGoInOnePut() throws Exception {
        FsObjectStore store = FsObjectStore.open(root);
        Files.createDirectories(root.resolve("state"));
        Files.write(root.resolve("state/2.data"), "small".getBytes());
        AtomicInteger reopened = new AtomicInteger();
        String sha = SstCopier.copy(store, "state/2.data", 5, retrying(store, reopened), "b/2.data");
        assertEquals(1, reopened.get());
        assertEquals("small", Files.readString(root.resolve("b/2.data")));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("small".getBytes())), sha);
    }
}
