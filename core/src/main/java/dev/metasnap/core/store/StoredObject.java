package dev.metasnap.core.store;

import java.time.Instant;

/** An object as listed by a store. */
public record StoredObject(String key, long size, Instant lastModified) {
}
