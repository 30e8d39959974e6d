package dev.metasnap.steps.prune;

import java.time.Instant;

/** What prune does with one snapshot, and why. */
public record RetentionDecision(long id, Instant createdAt, boolean keep, String reason) {
}
