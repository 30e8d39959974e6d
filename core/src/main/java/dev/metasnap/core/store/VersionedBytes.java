package dev.metasnap.core.store;

/** A small object's content and the token that a conditional put compares against. */
public record VersionedBytes(byte[] content, String version) {
}
