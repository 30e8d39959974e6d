package dev.metasnap.config;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A RisingWave epoch: milliseconds since 2021-04-01T00:00:00Z shifted left by 16 bits. The low
 * 16 bits are a sequence, not time. {@code 0} means "no epoch" (and, in a query, "latest").
 */
public record Epoch(long value) implements Comparable<Epoch> {

    /** 2021-04-01T00:00:00Z in Unix milliseconds. */
    public static final long EPOCH_BASE_MILLIS = 1_617_235_200_000L;
    private static final int PHYSICAL_SHIFT = 16;
    private static final DateTimeFormatter UTC_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public Epoch {
        if (value < 0) {
            throw new InvalidSettingException("epoch must be >= 0: " + value);
        }
    }

    public static Epoch at(Instant time) {
        long millis = time.toEpochMilli() - EPOCH_BASE_MILLIS;
        if (millis < 0) {
            throw new InvalidSettingException("time " + time + " is before the epoch base 2021-04-01T00:00:00Z");
        }
        return new Epoch(millis << PHYSICAL_SHIFT);
    }

    public boolean isZero() {
        return value == 0;
    }

    public Instant physicalTime() {
        return Instant.ofEpochMilli((value >>> PHYSICAL_SHIFT) + EPOCH_BASE_MILLIS);
    }

    /** UTC with milliseconds, or empty for epoch 0. */
    public String formatTime() {
        return isZero() ? "" : UTC_MILLIS.format(physicalTime());
    }

    public static String formatTime(Instant time) {
        return UTC_MILLIS.format(time);
    }

    @Override
    public int compareTo(Epoch other) {
        return Long.compare(value, other.value);
    }
}
