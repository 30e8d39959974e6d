package dev.metasnap.core.restore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One id generator a restore moved forward, from the restored snapshot's value to a newer
 * snapshot's, so the restored cluster never hands out an id its state bucket still holds.
 */
public record IdGeneratorRaise(long from, long to, long snapshot) {

    /** One tab-separated line per generator, by full etcd key: how a restore keeps its plan across restarts. */
    public static String format(Map<String, IdGeneratorRaise> plan) {
        StringBuilder text = new StringBuilder();
        plan.forEach((key, r) -> text.append(key).append('\t').append(Long.toUnsignedString(r.from())).append('\t')
                .append(Long.toUnsignedString(r.to())).append('\t').append(r.snapshot()).append('\n'));
        return text.toString();
    }

    /** The plan {@link #format} wrote (empty for null or empty text). */
    public static Map<String, IdGeneratorRaise> parse(String text) {
        Map<String, IdGeneratorRaise> result = new LinkedHashMap<>();
        for (String line : (text == null ? "" : text).split("\n")) {
            String[] f = line.split("\t");
            if (f.length == 4) {
                result.put(f[0], new IdGeneratorRaise(Long.parseUnsignedLong(f[1]), Long.parseUnsignedLong(f[2]), Long.parseLong(f[3])));
            }
        }
        return result;
    }
}
