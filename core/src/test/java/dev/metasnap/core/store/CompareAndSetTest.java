package dev.metasnap.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareAndSetTest {

    @TempDir
    Path root;

    /** Another writer that replaces the object right after each of the first {@code races} reads. */
    private static final class RacingStore extends ForwardingObjectStore {
        private int races;
        private int conditionalPuts;

        RacingStore(ObjectStore delegate, int races) {
            super(delegate);
            this.races = races;
        }

        @Override
        public Optional<VersionedBytes> getVersioned(String key) {
            Optional<VersionedBytes> read = super.getVersioned(key);
            if (races > 0) {
                races--;
                delegate().put(key, text(read.map(v -> new String(v.content(), StandardCharsets.UTF_8)).orElse("") + "+other"));
            }
            return read;
        }

        @Override
        public boolean putIfVersion(String key, byte[] content, String expectedVersion) {
            conditionalPuts++;
            return super.putIfVersion(key, content, expectedVersion);
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String appendMine(ObjectStore store, List<String> seen) {
        return CompareAndSet.update(store, "d/counter", current -> {
            String value = current.map(v -> new String(v.content(), StandardCharsets.UTF_8)).orElse("");
            seen.add(value);
            return CompareAndSet.Change.write(value + "+mine", text(value + "+mine"));
        }, () -> new IllegalStateException("conflict"));
    }

    @Test
    void aWriteInBetweenMakesTheChangeStartAgainFromWhatThatWriterLeft() {
        FsObjectStore real = FsObjectStore.open(root);
        real.put("d/counter", text("start"));
        RacingStore store = new RacingStore(real, 2);
        List<String> seen = new ArrayList<>();
        assertEquals("start+other+other+mine", appendMine(store, seen));
        assertEquals(List.of("start", "start+other", "start+other+other"), seen, "each attempt changes a fresh read");
        assertEquals("start+other+other+mine", new String(real.getVersioned("d/counter").orElseThrow().content(), StandardCharsets.UTF_8));
    }

    @Test
    void aMissingObjectIsCreatedOnlyIfNobodyCreatedItFirst() {
        FsObjectStore real = FsObjectStore.open(root);
        List<String> seen = new ArrayList<>();
        assertEquals("+other+mine", appendMine(new RacingStore(real, 1), seen));
        assertEquals(List.of("", "+other"), seen);
    }

    @Test
    void anUnchangedResultWritesNothing() {
        RacingStore store = new RacingStore(FsObjectStore.open(root), 0);
        String result = "same";
        assertSame(result, CompareAndSet.update(store, "d/counter", current -> CompareAndSet.Change.unchanged(result),
                () -> new IllegalStateException("conflict")));
        assertEquals(0, store.conditionalPuts);
        assertEquals(Optional.empty(), store.getVersioned("d/counter"));
    }

    @Test
    void endlessRacesEndInTheCallersConflictAfterTheAttempts() {
        RacingStore store = new RacingStore(FsObjectStore.open(root), Integer.MAX_VALUE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> appendMine(store, new ArrayList<>()));
        assertEquals("conflict", e.getMessage());
        assertEquals(CompareAndSet.ATTEMPTS, store.conditionalPuts);
    }
}
