package dev.metasnap.core.store;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The read-change-write of a small object replaced whole (the manifest, the SST index): read it
 * with its version, work out the change, and write only if the version is still the one read
 * ({@link ObjectStore#putIfVersion}); another writer in between makes it start again from a
 * fresh read, at most {@link #ATTEMPTS} times. The object is never half-written.
 */
public final class CompareAndSet {

    public static final int ATTEMPTS = 8;

    private CompareAndSet() {
    }

    /** What one attempt decided: the result to return, and the bytes to write for it (null: nothing changed). */
    public record Change<T>(T result, byte[] content) {

        public static <T> Change<T> unchanged(T result) {
            return new Change<>(result, null);
        }

        public static <T> Change<T> write(T result, byte[] content) {
            return new Change<>(result, content);
        }
    }

    /**
     * Applies {@code change} to the object at {@code key} as read (empty when it does not exist)
     * and writes what it returns, retrying on a race; returns the result of the attempt that
     * held. After {@link #ATTEMPTS} races it throws what {@code conflict} gives.
     */
    public static <T> T update(ObjectStore store, String key, Function<Optional<VersionedBytes>, Change<T>> change,
                               Supplier<? extends RuntimeException> conflict) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<VersionedBytes> current = store.getVersioned(key);
            Change<T> next = change.apply(current);
            if (next.content() == null
                    || store.putIfVersion(key, next.content(), current.map(VersionedBytes::version).orElse(null))) {
                return next.result();
            }
        }
        throw conflict.get();
    }
}
