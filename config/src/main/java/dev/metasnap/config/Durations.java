package dev.metasnap.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses operator durations such as {@code 90s}, {@code 15m}, {@code 12h}, {@code 30d}, {@code 2w}. */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)(ms|s|m|h|d|w)");

    private Durations() {
    }

    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InvalidSettingException("duration '" + text + "' is not a number followed by ms, s, m, h, d or w (for example 30d)");
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(Math.multiplyExact(7, n));
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidSettingException("duration '" + text + "' is too large; give at most a few thousand years (for example 3650d)");
        }
    }
}
