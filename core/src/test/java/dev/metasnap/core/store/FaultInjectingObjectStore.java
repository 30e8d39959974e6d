package dev.metasnap.core.store;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wraps a real store; fails part uploads or deletes once a budget is spent, loses the answer of
 * a write that took effect, damages a completed object, and counts uploads per part so tests
 * can prove that no part was sent twice.
 */
public final class FaultInjectingObjectStore extends ForwardingObjectStore {

    /** Shared between the stores one test opens, like the state of a real server. */
    public static final class Faults {
        private final AtomicInteger partUploadsBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
        private final Map<Integer, AtomicInteger> uploadsPerPart = new ConcurrentHashMap<>();
        private final AtomicInteger deletesBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
        private final AtomicInteger streamPutsBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
        private final Map<String, AtomicInteger> streamPutsPerKey = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicBoolean corruptNextCompletedObject = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicBoolean loseNextCompleteAnswer = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicReference<String> loseNextConditionalPutAnswerOf = new java.util.concurrent.atomic.AtomicReference<>();

        /** The next object a multipart upload completes is damaged in storage (one byte in its middle flipped). */
        public Faults corruptNextCompletedObject() {
            corruptNextCompletedObject.set(true);
            return this;
        }

        /** The next multipart completion takes effect, but its caller sees a failure (a lost response). */
        public Faults loseNextCompleteAnswer() {
            loseNextCompleteAnswer.set(true);
            return this;
        }

        private volatile String loseAnswerWhenContaining = "";

        /**
         * The next conditional put of a key ending in {@code suffix} whose content holds {@code containing}
         * takes effect, but its caller sees a failure (a lost response, or a kill right after the write).
         */
        public Faults loseNextConditionalPutAnswer(String suffix, String containing) {
            loseAnswerWhenContaining = containing;
            loseNextConditionalPutAnswerOf.set(suffix);
            return this;
        }

        public Faults failPartUploadsAfter(int successes) {
            partUploadsBeforeFailure.set(successes);
            return this;
        }

        public Faults failDeletesAfter(int successes) {
            deletesBeforeFailure.set(successes);
            return this;
        }

        /** Whole-object stream puts (SST copies) fail after this many succeeded. */
        public Faults failStreamPutsAfter(int successes) {
            streamPutsBeforeFailure.set(successes);
            return this;
        }

        /** How many times each key was written by a successful stream put. */
        public Map<String, Integer> streamPutsPerKey() {
            Map<String, Integer> copy = new java.util.TreeMap<>();
            streamPutsPerKey.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }

        public Faults heal() {
            streamPutsBeforeFailure.set(Integer.MAX_VALUE);
            partUploadsBeforeFailure.set(Integer.MAX_VALUE);
            deletesBeforeFailure.set(Integer.MAX_VALUE);
            return this;
        }

        public Map<Integer, Integer> uploadsPerPart() {
            Map<Integer, Integer> copy = new java.util.TreeMap<>();
            uploadsPerPart.forEach((k, v) -> copy.put(k, v.get()));
            return copy;
        }
    }

    private final ObjectStore delegate;
    private final Faults faults;

    public FaultInjectingObjectStore(ObjectStore delegate, Faults faults) {
        super(delegate);
        this.delegate = delegate;
        this.faults = faults;
    }

    public static ObjectStores wrapping(ObjectStores real, Faults faults) {
        return url -> new FaultInjectingObjectStore(real.open(url), faults);
    }

    @Override
    public String uploadPart(String key, String uploadId, int partNumber, PartContent content) {
        if (faults.partUploadsBeforeFailure.getAndDecrement() <= 0) {
            throw new ObjectStoreException("injected failure uploading part " + partNumber + " of " + key);
        }
        String etag = delegate.uploadPart(key, uploadId, partNumber, content);
        faults.uploadsPerPart.computeIfAbsent(partNumber, k -> new AtomicInteger()).incrementAndGet();
        return etag;
    }

    @Override
    public void putStream(String key, PartContent content) {
        if (faults.streamPutsBeforeFailure.getAndDecrement() <= 0) {
            throw new ObjectStoreException("injected failure writing " + key);
        }
        delegate.putStream(key, content);
        faults.streamPutsPerKey.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public void delete(String key) {
        if (faults.deletesBeforeFailure.getAndDecrement() <= 0) {
            throw new ObjectStoreException("injected failure deleting " + key);
        }
        delegate.delete(key);
    }

    @Override
    public boolean putIfVersion(String key, byte[] content, String expectedVersion) {
        boolean written = delegate.putIfVersion(key, content, expectedVersion);
        String suffix = faults.loseNextConditionalPutAnswerOf.get();
        if (written && suffix != null && key.endsWith(suffix)
                && new String(content, java.nio.charset.StandardCharsets.UTF_8).contains(faults.loseAnswerWhenContaining)
                && faults.loseNextConditionalPutAnswerOf.compareAndSet(suffix, null)) {
            throw new ObjectStoreException("injected lost response after writing " + key);
        }
        return written;
    }

    @Override
    public void completeMultipartUpload(String key, String uploadId, List<CompletedPart> parts) {
        delegate.completeMultipartUpload(key, uploadId, parts);
        if (faults.corruptNextCompletedObject.compareAndSet(true, false)) {
            byte[] content;
            try (InputStream in = delegate.get(key)) {
                content = in.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            content[content.length / 2] ^= 0x5a;
            delegate.put(key, content);
        }
        if (faults.loseNextCompleteAnswer.compareAndSet(true, false)) {
            throw new ObjectStoreException("injected lost response after completing " + key);
        }
    }
}
