package dev.metasnap.scheduler;

import dev.metasnap.config.Durations;
import dev.metasnap.config.SchedulerSettings;
import java.time.Duration;
import java.time.Instant;

/**
 * The config's {@code misfire}: whether a firing that comes late (the daemon was down or every
 * worker busy) still runs. Late by at most {@link #ON_TIME} is on time; beyond that {@code run-once}
 * runs it within {@code threshold}, {@code skip} never, {@code always} however late.
 */
final class MisfirePolicy {

    static final Duration ON_TIME = Duration.ofSeconds(5);

    private final SchedulerSettings.Misfire settings;

    MisfirePolicy(SchedulerSettings.Misfire settings) {
        this.settings = settings;
    }

    boolean shouldRun(Instant scheduled, Instant now) {
        Duration late = Duration.between(scheduled, now);
        if (late.compareTo(ON_TIME) <= 0) {
            return true;
        }
        return switch (settings.policy()) {
            case "always" -> true;
            case "skip" -> false;
            default -> late.compareTo(Durations.parse(settings.threshold())) <= 0;
        };
    }

    /** Whether a start-up looks for a firing it missed while down: every policy but {@code skip} would run one. */
    boolean catchesUp() {
        return !settings.policy().equals("skip");
    }

    String describe() {
        return "misfire threshold " + settings.threshold() + " (policy " + settings.policy() + ")";
    }
}
