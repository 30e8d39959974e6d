package dev.metasnap.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsObjectStoreTest {

    @TempDir
    Path root;

    @Test
    void conditionalPutsCompareVersions() {
        FsObjectStore store = FsObjectStore.open(root);
        assertTrue(store.putIfVersion("d/m.json", bytes("a"), null));
        assertFalse(store.putIfVersion("d/m.json", bytes("b"), null), "create-only put on an existing object");
        String v = store.getVersioned("d/m.json").orElseThrow().version();
        assertTrue(store.putIfVersion("d/m.json", bytes("c"), v));
        assertFalse(store.putIfVersion("d/m.json", bytes("d"), v), "stale version");
        assertArrayEquals(bytes("c"), store.getVersioned("d/m.json").orElseThrow().content());
    }

    @Test
    void multipartUploadsResumeAndCompleteInPartOrder() throws Exception {
        FsObjectStore store = FsObjectStore.open(root);
        String id = store.createMultipartUpload("d/1.snapshot");
        store.uploadPart("d/1.snapshot", id, 2, PartContent.of(bytes("world")));
        store.uploadPart("d/1.snapshot", id, 1, PartContent.of(bytes("hello ")));
        List<CompletedPart> parts = store.listParts("d/1.snapshot", id);
        assertEquals(List.of(1, 2), parts.stream().map(CompletedPart::partNumber).toList());
        assertEquals(List.of(6L, 5L), parts.stream().map(CompletedPart::size).toList());
        assertTrue(store.head("d/1.snapshot").isEmpty(), "invisible until completed");
        store.completeMultipartUpload("d/1.snapshot", id, parts);
        try (var in = store.get("d/1.snapshot")) {
            assertArrayEquals(bytes("hello world"), in.readAllBytes(), "parts joined in part order");
        }
        assertEquals(List.of("d/1.snapshot"), store.list("d/").stream().map(StoredObject::key).toList());
        assertThrows(NoSuchUploadException.class, () -> store.listParts("d/1.snapshot", id));
    }

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
