package dev.metasnap.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.config.SchedulerSettings;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.batch.core.BatchStatus;

/** Which ended run is restarted, when, and how often. */
class RetryPolicyTest {

    private final RetryPolicy threeTimes = new RetryPolicy(new SchedulerSettings.Retry(3, "30s"));

    @Test
    void aFailedRunIsRestartedWithTheBackOffDoublingEachTime() {
        assertEquals(Optional.of(new RetryPolicy.Retry(1, Duration.ofSeconds(30))), threeTimes.next(BatchStatus.FAILED, 0));
        assertEquals(Optional.of(new RetryPolicy.Retry(2, Duration.ofSeconds(60))), threeTimes.next(BatchStatus.FAILED, 1));
        assertEquals(Optional.of(new RetryPolicy.Retry(3, Duration.ofSeconds(120))), threeTimes.next(BatchStatus.FAILED, 2));
    }

    @Test
    void noRestartIsLeftOnceTheAttemptsAreUsedUp() {
        assertEquals(Optional.empty(), threeTimes.next(BatchStatus.FAILED, 3));
        assertEquals(Optional.empty(), new RetryPolicy(new SchedulerSettings.Retry(0, null)).next(BatchStatus.FAILED, 0), "the default: no retry");
    }

    @Test
    void onlyAFailureIsRetriedNotARunAskedToStopNorOneThatCompleted() {
        assertEquals(Optional.empty(), threeTimes.next(BatchStatus.STOPPED, 0));
        assertEquals(Optional.empty(), threeTimes.next(BatchStatus.COMPLETED, 0));
        assertEquals(Optional.empty(), threeTimes.next(BatchStatus.ABANDONED, 0));
    }

    @Test
    void theDefaultBackOffIsAMinute() {
        assertEquals(Duration.ofMinutes(1), new RetryPolicy(new SchedulerSettings.Retry(1, null)).next(BatchStatus.FAILED, 0).orElseThrow().backoff());
    }
}
