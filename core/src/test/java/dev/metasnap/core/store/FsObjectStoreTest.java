package dev.metasnap.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only a local directory does; what every store does is in {@link ObjectStoreContract}. */
class FsObjectStoreTest {

    @TempDir
    Path root;

    @Test
    void keysCannotEscapeTheRoot() {
        FsObjectStore store = FsObjectStore.open(root);
        assertThrows(ObjectStoreException.class, () -> store.put("../outside", bytes("x")));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void objectsAreReadableByTheirOwnerOnly() throws Exception {
        FsObjectStore store = FsObjectStore.open(root);
        store.put("d/manifest.json", bytes("{}"));
        String id = store.createMultipartUpload("d/1.snapshot");
        CompletedPart part = new CompletedPart(1, store.uploadPart("d/1.snapshot", id, 1, PartContent.of(bytes("secret params"))), 13);
        store.completeMultipartUpload("d/1.snapshot", id, List.of(part));
        for (String key : List.of("d/manifest.json", "d/1.snapshot")) {
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(root.resolve(key))), key);
        }
    }
}
