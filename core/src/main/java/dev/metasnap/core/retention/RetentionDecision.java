package dev.metasnap.core.retention;

import java.time.Instant;

/** What prune does with one snapshot, and why. */
public record RetentionDecision(long id, Instant createdAt, boolean keep, String reason) {
}
