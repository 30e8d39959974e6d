package dev.metasnap.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.BackupSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ObjectStore} does alike, run against each kind: the jobs rely on exactly
 * these answers (a missing object is empty or {@link NoSuchObjectException}, a conditional put
 * answers false, a listing is complete and in key order whatever its pages, an upload is
 * invisible until completed and gone afterwards). Each test works under a prefix of its own,
 * so a subclass may share one bucket between them.
 */
abstract class ObjectStoreContract {

    /** The smallest part S3 accepts before the last one. */
    static final int PART = BackupSettings.MIN_S3_PART_BYTES;

    /** The store under test, over an existing, writable bucket or directory. */
    abstract ObjectStore store();

    /** A store of the same kind whose bucket or directory does not exist. */
    abstract ObjectStore storeWithoutBucket();

    /** Leaves what an interrupted write leaves behind at {@code key}, if this kind of store leaves anything; returns how many. */
    abstract int leaveInterruptedWrite(String key);

    private String p;

    @BeforeEach
    void ownPrefix() {
        p = "contract-" + UUID.randomUUID() + "/";
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] read(InputStream in) throws Exception {
        try (in) {
            return in.readAllBytes();
        }
    }

    private List<String> keys(List<StoredObject> objects) {
        return objects.stream().map(StoredObject::key).toList();
    }

    @Test
    void anObjectIsReadBackWholeOrInRangesAndReplacedWhole() throws Exception {
        ObjectStore store = store();
        store.put(p + "a", text("hello world"));
        StoredObject head = store.head(p + "a").orElseThrow();
        assertEquals(p + "a", head.key());
        assertEquals(11, head.size());
        assertNotNull(head.lastModified());
        assertArrayEquals(text("hello world"), read(store.get(p + "a")));
        assertArrayEquals(text("o w"), read(store.getRange(p + "a", 4, 3)));
        assertArrayEquals(new byte[0], read(store.getRange(p + "a", 4, 0)));
        store.put(p + "a", text("bye"));
        assertArrayEquals(text("bye"), read(store.get(p + "a")));
        assertEquals(3, store.head(p + "a").orElseThrow().size());

        byte[] large = random(300_000, 1);
        store.putStream(p + "large", PartContent.of(large));
        assertArrayEquals(large, read(store.get(p + "large")));
        assertEquals(large.length, store.head(p + "large").orElseThrow().size());
    }

    @Test
    void aMissingObjectIsEmptyToLookupsAnErrorToReadsAndNoErrorToDelete() {
        ObjectStore store = store();
        assertEquals(Optional.empty(), store.head(p + "missing"));
        assertEquals(Optional.empty(), store.getVersioned(p + "missing"));
        assertThrows(NoSuchObjectException.class, () -> read(store.get(p + "missing")));
        assertThrows(NoSuchObjectException.class, () -> read(store.getRange(p + "missing", 0, 1)));
        store.delete(p + "missing");
        store.put(p + "there", text("x"));
        store.delete(p + "there");
        assertEquals(Optional.empty(), store.head(p + "there"));
        assertEquals(List.of(), store.list(p));
    }

    @Test
    void aListingHoldsEveryObjectUnderThePrefixNestedOnesTooInKeyOrder() {
        ObjectStore store = store();
        for (String name : List.of("d/3", "d/1", "d/2", "d/sub/4", "d/sub/deeper/5", "d2/6", "e")) {
            store.put(p + name, text(name));
        }
        assertEquals(List.of(p + "d/1", p + "d/2", p + "d/3", p + "d/sub/4", p + "d/sub/deeper/5"), keys(store.list(p + "d/")),
                "pages joined, in key order, not the sibling d2/");
        assertEquals(List.of(p + "d/1", p + "d/2", p + "d/3", p + "d/sub/4", p + "d/sub/deeper/5", p + "d2/6"), keys(store.list(p + "d")),
                "a prefix need not end at a slash");
        assertEquals(List.of(p + "d/sub/4", p + "d/sub/deeper/5"), keys(store.list(p + "d/sub/")));
        assertEquals(List.of(), store.list(p + "nothing/"));
        assertEquals(text("d/sub/4").length, store.list(p + "d/sub/").get(0).size(), "a listing carries each size");
    }

    @Test
    void aConditionalPutWritesOnlyOverTheVersionItWasGiven() {
        ObjectStore store = store();
        assertFalse(store.putIfVersion(p + "m.json", text("x"), "no-such-version"), "a version of an object that does not exist");
        assertTrue(store.putIfVersion(p + "m.json", text("a"), null), "create-only on an absent object");
        assertFalse(store.putIfVersion(p + "m.json", text("b"), null), "create-only on an existing object");
        VersionedBytes first = store.getVersioned(p + "m.json").orElseThrow();
        assertArrayEquals(text("a"), first.content());
        assertTrue(store.putIfVersion(p + "m.json", text("c"), first.version()));
        VersionedBytes second = store.getVersioned(p + "m.json").orElseThrow();
        assertNotEquals(first.version(), second.version());
        assertFalse(store.putIfVersion(p + "m.json", text("d"), first.version()), "a stale version");
        assertArrayEquals(text("c"), store.getVersioned(p + "m.json").orElseThrow().content());

        String result = CompareAndSet.update(store, p + "m.json", current -> CompareAndSet.Change.write("cc",
                text(new String(current.orElseThrow().content(), StandardCharsets.UTF_8) + "c")), () -> new IllegalStateException("conflict"));
        assertEquals("cc", result);
        assertArrayEquals(text("cc"), store.getVersioned(p + "m.json").orElseThrow().content());
    }

    @Test
    void aMultipartUploadIsInvisibleUntilCompletedThenJoinedInPartOrder() throws Exception {
        ObjectStore store = store();
        String key = p + "1.snapshot";
        byte[] one = random(PART, 2);
        byte[] two = random(PART, 3);
        byte[] three = text("the short last part");
        String id = store.createMultipartUpload(key);
        assertEquals(List.of(new ObjectStore.PendingUpload(key, id, null).uploadId()),
                store.listMultipartUploads(p).stream().map(ObjectStore.PendingUpload::uploadId).toList());
        Instant initiated = store.listMultipartUploads(p).get(0).initiated();
        assertNotNull(initiated);
        assertTrue(initiated.isBefore(Instant.now().plus(Duration.ofMinutes(1))), initiated.toString());

        String etag3 = store.uploadPart(key, id, 3, PartContent.of(three));
        store.uploadPart(key, id, 1, PartContent.of(random(PART, 99)));
        String etag1 = store.uploadPart(key, id, 1, PartContent.of(one));
        String etag2 = store.uploadPart(key, id, 2, PartContent.of(two));
        List<CompletedPart> parts = store.listParts(key, id);
        assertEquals(List.of(new CompletedPart(1, etag1, PART), new CompletedPart(2, etag2, PART), new CompletedPart(3, etag3, three.length)), parts,
                "a part sent again replaces the first; the listing is in part order with the tags the uploads answered");
        assertEquals(Optional.empty(), store.head(key), "invisible until completed");

        store.completeMultipartUpload(key, id, parts);
        assertEquals(2L * PART + three.length, store.head(key).orElseThrow().size());
        assertArrayEquals(one, read(store.getRange(key, 0, PART)));
        assertArrayEquals(two, read(store.getRange(key, PART, PART)));
        assertArrayEquals(three, read(store.getRange(key, 2L * PART, three.length)));
        assertThrows(NoSuchUploadException.class, () -> store.listParts(key, id), "a completed upload is gone");
        assertEquals(List.of(), store.listMultipartUploads(p));
        assertEquals(List.of(key), keys(store.list(p)), "no part is listed as an object");
    }

    @Test
    void anAbortedUploadIsGoneAndAbortingAgainIsNoError() {
        ObjectStore store = store();
        String key = p + "2.snapshot";
        String id = store.createMultipartUpload(key);
        assertEquals(List.of(), store.listParts(key, id), "an upload without parts yet is no missing upload");
        String other = store.createMultipartUpload(p + "nested/3.snapshot");
        store.uploadPart(key, id, 1, PartContent.of(text("part")));
        store.abortMultipartUpload(key, id);
        assertThrows(NoSuchUploadException.class, () -> store.listParts(key, id));
        assertEquals(List.of(other), store.listMultipartUploads(p).stream().map(ObjectStore.PendingUpload::uploadId).toList());
        store.abortMultipartUpload(key, id);
        store.abortMultipartUpload(p + "nested/3.snapshot", other);
        assertEquals(List.of(), store.listMultipartUploads(p));
        assertEquals(Optional.empty(), store.head(key));
    }

    @Test
    void whatAnInterruptedWriteLeavesIsNeverAnObjectAndGoesOnceOldEnough() {
        ObjectStore store = store();
        store.put(p + "d/manifest.json", text("{}"));
        int left = leaveInterruptedWrite(p + "d/manifest.json");
        leaveInterruptedWrite(p + "d/nested/other.json");
        assertEquals(List.of(p + "d/manifest.json"), keys(store.list(p + "d/manifest")));
        assertEquals(0, store.removeTemporaryFiles(p + "d/", Instant.now().minus(Duration.ofHours(1))), "a young one may still be written");
        assertEquals(left, store.removeTemporaryFiles(p + "d/", Instant.now().plus(Duration.ofMinutes(1))));
        assertEquals(0, store.removeTemporaryFiles(p + "d/", Instant.now().plus(Duration.ofMinutes(1))), "gone after the first removal");
        assertEquals(left, store.removeTemporaryFiles(p + "d/nested/", Instant.now().plus(Duration.ofMinutes(1))),
                "only directly in the directory it was asked for");
        assertArrayEquals(text("{}"), store.getVersioned(p + "d/manifest.json").orElseThrow().content(), "the object itself stays");
    }

    @Test
    void aCopyInsideTheServerIsWholeOrNotMadeAtAll() throws Exception {
        ObjectStore store = store();
        store.put(p + "from", text("copied bytes"));
        if (store.copyWithin(store, p + "from", p + "to")) {
            assertArrayEquals(text("copied bytes"), read(store.get(p + "to")));
        } else {
            assertEquals(Optional.empty(), store.head(p + "to"));
        }
    }

    @Test
    void aMissingBucketIsNamedByTheAccessCheck() {
        store().checkAccess();
        try (ObjectStore missing = storeWithoutBucket()) {
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class, missing::checkAccess);
            assertEquals(StoreUnavailableException.Reason.NO_SUCH_BUCKET, e.reason(), e.getMessage());
        }
    }
}
