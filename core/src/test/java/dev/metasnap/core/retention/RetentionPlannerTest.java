package dev.metasnap.core.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.RetentionPolicy;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    private static SnapshotMetadata snapshot(long id, String createdAt, String verifiedResult) {
        return new SnapshotMetadata(id, id, List.of(), 0, 0, 1, "", createdAt, 0, "c", "", 0, 0, 0, 0, 0, "sha",
                verifiedResult == null ? null : createdAt, verifiedResult, null, null, null);
    }

    private static SnapshotMetadata snapshot(long id, String createdAt) {
        return snapshot(id, createdAt, null);
    }

    private static List<Long> kept(List<SnapshotMetadata> snapshots, RetentionPolicy policy) {
        return RetentionPlanner.plan(snapshots, policy, NOW).stream().filter(RetentionDecision::keep).map(RetentionDecision::id).sorted().toList();
    }

    /** One snapshot a day at 01:00 UTC, ids 1.. oldest first, ending the day before NOW. */
    private static List<SnapshotMetadata> nightly(int days) {
        List<SnapshotMetadata> list = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            list.add(snapshot(i + 1, NOW.minus(Duration.ofDays(days - i)).minus(Duration.ofHours(11)).toString()));
        }
        return list;
    }

    @Test
    void keepLastKeepsTheNewest() {
        assertEquals(List.of(8L, 9L, 10L), kept(nightly(10), new RetentionPolicy(3, null, 0, 0, 0)));
    }

    @Test
    void keepWithinKeepsEverythingNewerThanTheCutoffInclusive() {
        List<SnapshotMetadata> s = List.of(snapshot(1, "2026-03-03T12:00:00Z"), snapshot(2, "2026-03-03T12:00:00.001Z"), snapshot(3, "2026-03-10T11:00:00Z"));
        assertEquals(List.of(2L, 3L), kept(s, new RetentionPolicy(0, Duration.ofDays(7).minusMillis(1), 0, 0, 0)));
        assertEquals(List.of(1L, 2L, 3L), kept(s, new RetentionPolicy(0, Duration.ofDays(7), 0, 0, 0)), "exactly at the cutoff is kept");
    }

    @Test
    void dailyKeepsTheNewestOfEachUtcDayAtTheBucketEdges() {
        List<SnapshotMetadata> s = List.of(
                snapshot(1, "2026-03-08T00:00:00Z"),
                snapshot(2, "2026-03-08T23:59:59.999Z"),
                snapshot(3, "2026-03-09T00:00:00Z"),
                snapshot(4, "2026-03-09T10:00:00Z"));
        assertEquals(List.of(2L, 4L), kept(s, new RetentionPolicy(0, null, 2, 0, 0)));
        assertEquals(List.of(4L), kept(s, new RetentionPolicy(0, null, 1, 0, 0)));
    }

    @Test
    void weeklyUsesIsoWeeksAndMonthlyCalendarMonths() {
        List<SnapshotMetadata> s = List.of(
                snapshot(1, "2026-02-28T10:00:00Z"),   // Saturday, ISO week 9, February
                snapshot(2, "2026-03-01T10:00:00Z"),   // Sunday, ISO week 9, March
                snapshot(3, "2026-03-02T10:00:00Z"));  // Monday, ISO week 10, March
        assertEquals(List.of(2L, 3L), kept(s, new RetentionPolicy(0, null, 0, 2, 0)));
        assertEquals(List.of(1L, 3L), kept(s, new RetentionPolicy(0, null, 0, 0, 2)));
    }

    @Test
    void rulesCombineAndAnyRuleKeeps() {
        List<SnapshotMetadata> s = nightly(60);
        List<Long> kept = kept(s, new RetentionPolicy(2, null, 7, 4, 3));
        assertTrue(kept.containsAll(List.of(59L, 60L)));
        assertTrue(kept.containsAll(List.of(54L, 55L, 56L, 57L, 58L)), "daily");
        assertTrue(kept.size() < 60 && kept.size() >= 9, kept.toString());
        RetentionDecision oldest = RetentionPlanner.plan(s, new RetentionPolicy(2, null, 7, 0, 0), NOW).stream()
                .filter(d -> d.id() == 1).findFirst().orElseThrow();
        assertEquals("no rule keeps it", oldest.reason());
    }

    @Test
    void theNewestVerifiedSnapshotIsAlwaysKept() {
        List<SnapshotMetadata> s = List.of(
                snapshot(1, "2026-01-01T00:00:00Z", "ok"),
                snapshot(2, "2026-01-02T00:00:00Z", "corrupt: block 3: CRC32C mismatch"),
                snapshot(3, "2026-01-03T00:00:00Z", null),
                snapshot(4, "2026-03-10T00:00:00Z", null));
        List<RetentionDecision> plan = RetentionPlanner.plan(s, new RetentionPolicy(1, null, 0, 0, 0), NOW);
        assertEquals(List.of(1L, 4L), plan.stream().filter(RetentionDecision::keep).map(RetentionDecision::id).sorted().toList());
        assertEquals("newest verified snapshot", plan.stream().filter(d -> d.id() == 1).findFirst().orElseThrow().reason());
    }

    @Test
    void aPolicyWithoutRulesIsRefusedAndRoundTrips() {
        assertThrows(InvalidSettingException.class, () -> new RetentionPolicy(0, null, 0, 0, 0));
        RetentionPolicy p = new RetentionPolicy(3, Duration.ofDays(30), 7, 4, 12);
        assertEquals(p, RetentionPolicy.parse(p.describe()));
    }
}
