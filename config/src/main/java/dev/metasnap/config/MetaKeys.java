package dev.metasnap.config;

/** The etcd key layout of a cluster, relative to its root prefix. */
public final class MetaKeys {
    public static final String SYSTEM_PARAMS = "cf/system_params/";
    public static final String CLUSTER_ID = "cf/cluster_id";
    public static final String HUMMOCK_DELTAS = "cf/hummock_1/";
    public static final String DEFAULT_CF = "default/";
    /** RisingWave's leader election keys: lease-attached, never backed up or restored. */
    public static final String LEADER_ELECTION = "__meta_election_/";
    /** The suffix of RisingWave's id generator keys in {@code default/}: 8-byte big-endian next bounds. */
    public static final String ID_GENERATOR_SUFFIX = "_id_next_generator";

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

    /**
     * A key as an operator can read it: printable keys as they are; a key whose last segment is
     * binary (RisingWave's prost-encoded ids) as {@code cf/hummock_1/[id 300]}, or in hex when
     * it is not an id.
     */
    public static String describe(byte[] key) {
        int firstBinary = -1;
        for (int i = 0; i < key.length; i++) {
            if (key[i] < 0x20 || key[i] > 0x7E) {
                firstBinary = i;
                break;
            }
        }
        if (firstBinary < 0) {
            return new String(key, java.nio.charset.StandardCharsets.US_ASCII);
        }
        int slash = firstBinary - 1;
        while (slash >= 0 && key[slash] != '/') {
            slash--;
        }
        String head = new String(key, 0, slash + 1, java.nio.charset.StandardCharsets.US_ASCII);
        byte[] tail = java.util.Arrays.copyOfRange(key, slash + 1, key.length);
        java.util.OptionalLong id = ProstIds.decode(tail);
        return id.isPresent() ? head + "[id " + Long.toUnsignedString(id.getAsLong()) + "]" : head + "0x" + java.util.HexFormat.of().formatHex(tail);
    }
}
