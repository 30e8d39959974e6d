package dev.metasnap.config;

/** The etcd key layout of a cluster, relative to its root prefix. */
public final class MetaKeys {
    public static final String SYSTEM_PARAMS = "cf/system_params/";
    public static final String CLUSTER_ID = "cf/cluster_id";
    public static final String HUMMOCK_DELTAS = "cf/hummock_1/";
    public static final String DEFAULT_CF = "default/";

    private MetaKeys() {
    }

    /** The column family of a key: the text up to its second '/' for {@code cf/...}, else its first segment. */
    public static String columnFamily(String key) {
        int first = key.indexOf('/');
        if (first < 0) {
            return key;
        }
        if (key.startsWith("cf/")) {
            int second = key.indexOf('/', first + 1);
            return second < 0 ? key : key.substring(0, second);
        }
        return key.substring(0, first);
    }
}
