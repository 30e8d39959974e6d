package dev.metasnap.core.retention;

import dev.metasnap.config.RetentionPolicy;
import dev.metasnap.core.manifest.SnapshotMetadata;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Applies a {@link RetentionPolicy} to the manifest's snapshots: a pure function of the snapshots and "now". */
public final class RetentionPlanner {

    private RetentionPlanner() {
    }

    public static List<RetentionDecision> plan(List<SnapshotMetadata> snapshots, RetentionPolicy policy, Instant now) {
        // an entry RisingWave's own backup made has no created_at: no age rule applies, so it is
        // left out of the plan (never pruned, not counted by keep-last); only 'delete ID' removes it
        List<SnapshotMetadata> newestFirst = snapshots.stream().filter(SnapshotMetadata::metasnapMade)
                .sorted(Comparator.comparing((SnapshotMetadata s) -> Instant.parse(s.createdAt())).thenComparingLong(SnapshotMetadata::id).reversed())
                .toList();
        Map<Long, List<String>> reasons = new LinkedHashMap<>();
        newestFirst.forEach(s -> reasons.put(s.id(), new ArrayList<>()));

        for (int i = 0; i < Math.min(policy.keepLast(), newestFirst.size()); i++) {
            reasons.get(newestFirst.get(i).id()).add("keep-last " + policy.keepLast());
        }
        if (policy.keepWithin() != null) {
            Instant cutoff = now.minus(policy.keepWithin());
            newestFirst.stream().filter(s -> !Instant.parse(s.createdAt()).isBefore(cutoff))
                    .forEach(s -> reasons.get(s.id()).add("keep-within " + policy.keepWithin().toDays() + "d"));
        }
        bucket(newestFirst, policy.keepDaily(), "keep-daily", t -> day(t).toString(), reasons);
        bucket(newestFirst, policy.keepWeekly(), "keep-weekly",
                t -> day(t).get(IsoFields.WEEK_BASED_YEAR) + "-W" + day(t).get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), reasons);
        bucket(newestFirst, policy.keepMonthly(), "keep-monthly", t -> day(t).getYear() + "-" + day(t).getMonthValue(), reasons);
        newestFirst.stream().filter(s -> s.lastVerifiedAt() != null && !s.lastVerifiedAt().isBlank() && !failed(s)).findFirst()
                .ifPresent(s -> reasons.get(s.id()).add("newest verified snapshot"));

        List<RetentionDecision> decisions = new ArrayList<>();
        for (SnapshotMetadata s : newestFirst) {
            List<String> why = reasons.get(s.id());
            decisions.add(new RetentionDecision(s.id(), Instant.parse(s.createdAt()), !why.isEmpty(),
                    why.isEmpty() ? "no rule keeps it" : String.join(", ", why)));
        }
        return decisions;
    }

    private static boolean failed(SnapshotMetadata s) {
        return s.lastVerifyResult() != null && !s.lastVerifyResult().equals(SnapshotMetadata.VERIFIED_OK);
    }

    private static LocalDate day(Instant t) {
        return t.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** Keeps the newest snapshot of each of the newest {@code count} buckets that hold one. */
    private static void bucket(List<SnapshotMetadata> newestFirst, int count, String rule, Function<Instant, String> key,
                               Map<Long, List<String>> reasons) {
        Set<String> seen = new HashSet<>();
        for (SnapshotMetadata s : newestFirst) {
            if (seen.size() == count) {
                return;
            }
            String bucket = key.apply(Instant.parse(s.createdAt()));
            if (seen.add(bucket)) {
                reasons.get(s.id()).add(rule + " " + bucket);
            }
        }
    }
}
