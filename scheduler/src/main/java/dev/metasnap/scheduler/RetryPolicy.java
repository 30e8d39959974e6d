package dev.metasnap.scheduler;

import dev.metasnap.config.Durations;
import dev.metasnap.config.SchedulerSettings;
import java.time.Duration;
import java.util.Optional;
import org.springframework.batch.core.BatchStatus;

/**
 * The config's {@code retry}: a FAILED run is restarted (the same job execution, from where it
 * stopped) up to {@code attempts} times, the first after {@code backoff}, each later one after twice
 * the one before. A STOPPED run was asked to stop and is not retried.
 */
final class RetryPolicy {

    /** Restart number {@code attempt} (from 1), due {@code backoff} after the failure. */
    record Retry(int attempt, Duration backoff) {
    }

    private final int attempts;
    private final Duration backoff;

    RetryPolicy(SchedulerSettings.Retry settings) {
        this.attempts = settings.attempts();
        this.backoff = Durations.parse(settings.backoff());
    }

    int attempts() {
        return attempts;
    }

    /** The restart due after a run ended {@code status} following {@code attemptsDone} restarts, if the policy grants one. */
    Optional<Retry> next(BatchStatus status, int attemptsDone) {
        if (status != BatchStatus.FAILED || attemptsDone >= attempts) {
            return Optional.empty();
        }
        return Optional.of(new Retry(attemptsDone + 1, backoff.multipliedBy(1L << attemptsDone)));
    }
}
