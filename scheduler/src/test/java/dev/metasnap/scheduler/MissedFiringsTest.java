package dev.metasnap.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.metasnap.config.InvalidSettingException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which firing a daemon that was down missed last, computed from the cron alone (Quartz only steps forwards). */
class MissedFiringsTest {

    /** Quartz reads crons in the JVM's time zone, as the daemon's triggers do. */
    private static Instant local(String time) {
        return LocalDateTime.parse(time).atZone(ZoneId.systemDefault()).toInstant();
    }

    private static final Instant NOW = local("2026-03-04T12:00:00");

    @Test
    void theLastFiringBeforeNowIsFoundHoweverFarBackWithinTheHorizon() {
        assertEquals(Optional.of(local("2026-03-04T11:59:30")), MissedFirings.lastFireTime("*/30 * * * * ?", NOW));
        assertEquals(Optional.of(local("2026-03-04T02:30:00")), MissedFirings.lastFireTime("0 30 2 * * ?", NOW), "nightly: today's");
        assertEquals(Optional.of(local("2026-03-01T03:00:00")), MissedFirings.lastFireTime("0 0 3 ? * SUN", NOW), "weekly: last Sunday's");
        assertEquals(Optional.of(local("2026-03-04T11:00:00")), MissedFirings.lastFireTime("0 0 * * * ?", NOW), "a firing at 'now' is not missed");
    }

    @Test
    void aFiringOlderThanTheHorizonIsNotCaughtUp() {
        assertEquals(Optional.empty(), MissedFirings.lastFireTime("0 0 3 1 1 ?", NOW), "yearly, on New Year: beyond 7 days");
    }

    @Test
    void anInvalidCronNamesItself() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> MissedFirings.lastFireTime("every night", NOW));
        assertEquals(true, e.getMessage().startsWith("cron 'every night': "), e.getMessage());
    }
}
