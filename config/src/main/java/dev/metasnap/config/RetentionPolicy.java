package dev.metasnap.config;

import java.time.Duration;

/**
 * Which snapshots prune keeps: the newest {@code keepLast}, those newer than {@code keepWithin},
 * and the newest of each of the last {@code keepDaily} days, {@code keepWeekly} ISO weeks and
 * {@code keepMonthly} months that hold a snapshot (UTC calendar buckets). A snapshot kept by any
 * rule stays. Zero (or null for the duration) switches a rule off.
 */
public record RetentionPolicy(int keepLast, Duration keepWithin, int keepDaily, int keepWeekly, int keepMonthly) {

    public RetentionPolicy {
        if (keepLast < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
            throw new InvalidSettingException("retention counts must be >= 0: last " + keepLast + ", daily " + keepDaily
                    + ", weekly " + keepWeekly + ", monthly " + keepMonthly);
        }
        if (keepWithin != null && keepWithin.isNegative()) {
            throw new InvalidSettingException("--keep-within must not be negative: " + keepWithin);
        }
        if (keepLast == 0 && keepWithin == null && keepDaily == 0 && keepWeekly == 0 && keepMonthly == 0) {
            throw new InvalidSettingException("no retention rule given; pass at least one of --keep-last, --keep-within,"
                    + " --keep-daily, --keep-weekly, --keep-monthly (prune never deletes everything)");
        }
    }

    /** The policy as job parameters and messages show it, e.g. {@code last=7,within=P30D,daily=7}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        if (keepLast > 0) {
            b.append("last=").append(keepLast).append(',');
        }
        if (keepWithin != null) {
            b.append("within=").append(keepWithin).append(',');
        }
        if (keepDaily > 0) {
            b.append("daily=").append(keepDaily).append(',');
        }
        if (keepWeekly > 0) {
            b.append("weekly=").append(keepWeekly).append(',');
        }
        if (keepMonthly > 0) {
            b.append("monthly=").append(keepMonthly).append(',');
        }
        return b.substring(0, b.length() - 1);
    }

    public static RetentionPolicy parse(String described) {
        int last = 0;
        int daily = 0;
        int weekly = 0;
        int monthly = 0;
        Duration within = null;
        for (String part : described.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new InvalidSettingException("retention rule '" + part + "' is not name=value");
            }
            switch (kv[0]) {
                case "last" -> last = Integer.parseInt(kv[1]);
                case "within" -> within = Duration.parse(kv[1]);
                case "daily" -> daily = Integer.parseInt(kv[1]);
                case "weekly" -> weekly = Integer.parseInt(kv[1]);
                case "monthly" -> monthly = Integer.parseInt(kv[1]);
                default -> throw new InvalidSettingException("unknown retention rule '" + kv[0] + "'");
            }
        }
        return new RetentionPolicy(last, within, daily, weekly, monthly);
    }
}
