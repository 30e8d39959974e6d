package dev.metasnap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EpochTest {

    @Test
    void epochAndTimeConvertBothWays() {
        Instant t = Instant.parse("2026-11-25T02:19:16.686Z");
        Epoch e = Epoch.at(t);
        assertEquals((t.toEpochMilli() - 1_617_235_200_000L) << 16, e.value());
        assertEquals(t, e.physicalTime());
        assertEquals("2026-11-25T02:19:16.686Z", e.formatTime());
    }

    @Test
    void theLowSixteenBitsAreNotTime() {
        Epoch e = Epoch.at(Instant.parse("2024-01-01T00:00:00Z"));
        assertEquals(e.physicalTime(), new Epoch(e.value() + 0xffff).physicalTime());
    }

    @Test
    void zeroMeansNoEpochAndNegativeIsRefused() {
        assertTrue(new Epoch(0).isZero());
        assertEquals("", new Epoch(0).formatTime());
        assertThrows(InvalidSettingException.class, () -> new Epoch(-1));
        assertThrows(InvalidSettingException.class, () -> Epoch.at(Instant.parse("2020-01-01T00:00:00Z")));
    }

    @Test
    void durationsParseOperatorUnits() {
        assertEquals(Duration.ofDays(30), Durations.parse("30d"));
        assertEquals(Duration.ofDays(14), Durations.parse("2w"));
        assertEquals(Duration.ofMillis(250), Durations.parse("250ms"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertTrue(assertThrows(InvalidSettingException.class, () -> Durations.parse("5 days")).getMessage().contains("'5 days'"));
    }

    @Test
    void etcdEndpointsAcceptBareHostPort() {
        assertEquals("http://127.0.0.1:2379,http://127.0.0.1:2380", EtcdSettings.of("127.0.0.1:2379, http://127.0.0.1:2380").endpointsText());
        assertThrows(InvalidSettingException.class, () -> EtcdSettings.of("ftp://x:1"));
        assertTrue(assertThrows(InvalidSettingException.class,
                () -> new EtcdSettings(EtcdSettings.parseEndpoints("h:1"), "root", null, "", null)).getMessage().contains("needs a password"));
    }
}
