package dev.metasnap.scheduler;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.metasnap.config.SchedulerSettings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Whether a late firing still runs, judged at a given instant: no cron has to come round. */
class MisfirePolicyTest {

    private static final Instant DUE = Instant.parse("2026-03-01T02:30:00Z");

    private static MisfirePolicy policy(String name, String threshold) {
        return new MisfirePolicy(new SchedulerSettings.Misfire(name, threshold));
    }

    @Test
    void aFiringLateByAFewSecondsIsOnTimeWhateverThePolicy() {
        for (String name : new String[] {"run-once", "skip", "always"}) {
            assertTrue(policy(name, "1m").shouldRun(DUE, DUE.plus(MisfirePolicy.ON_TIME)), name);
        }
        assertFalse(policy("skip", "1m").shouldRun(DUE, DUE.plus(MisfirePolicy.ON_TIME).plusMillis(1)));
    }

    @Test
    void runOnceRunsWithinTheThresholdAndSkipsBeyondIt() {
        MisfirePolicy runOnce = policy("run-once", "10m");
        assertTrue(runOnce.shouldRun(DUE, DUE.plus(Duration.ofMinutes(10))));
        assertFalse(runOnce.shouldRun(DUE, DUE.plus(Duration.ofMinutes(10)).plusSeconds(1)));
        assertTrue(policy(null, null).shouldRun(DUE, DUE.plus(Duration.ofMinutes(9))), "the default is run-once within 10m");
        assertFalse(policy(null, null).shouldRun(DUE, DUE.plus(Duration.ofMinutes(11))));
    }

    @Test
    void alwaysRunsHoweverLateAndOnlySkipDoesNotCatchUpAtStartUp() {
        assertTrue(policy("always", "1m").shouldRun(DUE, DUE.plus(Duration.ofDays(6))));
        assertTrue(policy("always", "1m").catchesUp());
        assertTrue(policy("run-once", "1m").catchesUp());
        assertFalse(policy("skip", "1m").catchesUp());
    }
}
