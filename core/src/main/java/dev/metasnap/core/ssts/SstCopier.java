package dev.metasnap.core.ssts;

import dev.metasnap.core.store.CompletedPart;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.PartContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Copies one object between two stores: inside the server when both are buckets of one S3
 * endpoint (then the copy is read back once to hash it), else as a stream, never held in memory: small objects
 * in one put, large ones as a multipart upload whose parts are ranged reads of the source. The
 * SHA-256 of the copied bytes is computed on the way; a part that is sent again (a retry)
 * restarts the digest from where the previous part ended, so it is exactly the object's.
 */
public final class SstCopier {

    /** Objects above this size go as multipart uploads of parts of this size. */
    public static final long PART_BYTES = 16L * 1024 * 1024;

    private SstCopier() {
    }

    /** Copies {@code size} bytes of {@code fromKey} to {@code toKey}; returns the SHA-256 (hex) of the bytes copied. */
    public static String copy(ObjectStore from, String fromKey, long size, ObjectStore to, String toKey) {
        if (to.copyWithin(from, fromKey, toKey)) {
            // the bytes never came through here: hash the copy as it landed
            return sha256Of(to, toKey);
        }
        MessageDigest[] digest = {sha256()};
        if (size <= PART_BYTES) {
            to.putStream(toKey, part(from, fromKey, 0, size, digest));
            return HexFormat.of().formatHex(digest[0].digest());
        }
        String uploadId = to.createMultipartUpload(toKey);
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += PART_BYTES, number++) {
                long length = Math.min(PART_BYTES, size - offset);
                String etag = to.uploadPart(toKey, uploadId, number, part(from, fromKey, offset, length, digest));
                parts.add(new CompletedPart(number, etag, length));
            }
            to.completeMultipartUpload(toKey, uploadId, parts);
            return HexFormat.of().formatHex(digest[0].digest());
        } catch (RuntimeException e) {
            try {
                to.abortMultipartUpload(toKey, uploadId);
            } catch (RuntimeException abortFailed) {
                e.addSuppressed(abortFailed);
            }
            throw e;
        }
    }

    /** The SHA-256 (hex) of an object as stored, read as a stream. */
    public static String sha256Of(ObjectStore store, String key) {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(store.get(key), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + key + " from " + store.describe() + " failed: " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * One part, digested into {@code digest[0]}: every open starts from a copy of the digest as
     * it was before this part, and the last stream opened (the one that was sent) leaves its
     * state behind.
     */
    private static PartContent part(ObjectStore from, String key, long offset, long length, MessageDigest[] digest) {
        MessageDigest before = copyOf(digest[0]);
        return new PartContent() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public InputStream open() {
                MessageDigest working = copyOf(before);
                digest[0] = working;
                return new DigestInputStream(from.getRange(key, offset, length), working);
            }
        };
    }

    private static MessageDigest copyOf(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of this JVM cannot be copied", e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
