package dev.metasnap.core.store;

/** One uploaded part of a multipart upload. */
public record CompletedPart(int partNumber, String etag, long size) {
}
