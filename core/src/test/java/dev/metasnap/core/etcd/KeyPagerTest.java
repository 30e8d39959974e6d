package dev.metasnap.core.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The pager against an in-memory keyspace that, like etcd 3.4, must walk to a range's end to count it. */
class KeyPagerTest {

    /** An in-memory etcd range: the only gateway call the pager makes. */
    private static final class MemoryKeyspace implements EtcdGateway {
        final TreeMap<byte[], byte[]> keys = new TreeMap<>(Arrays::compareUnsigned);
        long requests;
        long counted;

        @Override
        public KeyPage range(KeyRange range, long revision, int limit) {
            requests++;
            boolean toEnd = range.end().length == 1 && range.end()[0] == 0;
            var slice = toEnd ? keys.tailMap(range.start(), true) : keys.subMap(range.start(), true, range.end(), false);
            counted += slice.size();
            List<MetaEntry> page = new ArrayList<>();
            for (var e : slice.entrySet()) {
                if (page.size() == limit) {
                    break;
                }
                page.add(new MetaEntry(e.getKey(), e.getValue(), 0));
            }
            return new KeyPage(page, slice.size() > page.size(), 1);
        }

        // the pager calls nothing else
        public String describe() { return "memory"; }
        public long currentRevision() { return 1; }
        public long count(KeyRange range) { throw new UnsupportedOperationException(); }
        public Optional<byte[]> get(String key) { throw new UnsupportedOperationException(); }
        public void put(String key, byte[] value) { throw new UnsupportedOperationException(); }
        public void putAll(List<MetaEntry> entries) { throw new UnsupportedOperationException(); }
        public boolean putAllIfAbsent(List<MetaEntry> entries) { throw new UnsupportedOperationException(); }
        public void delete(String key) { throw new UnsupportedOperationException(); }
        public long deleteRange(KeyRange range) { throw new UnsupportedOperationException(); }
        public long grantLease(long ttlSeconds) { throw new UnsupportedOperationException(); }
        public void putWithLease(String key, byte[] value, long leaseId) { throw new UnsupportedOperationException(); }
        public void keepAliveOnce(long leaseId) { throw new UnsupportedOperationException(); }
        public void revokeLease(long leaseId) { throw new UnsupportedOperationException(); }
        public void compact(long revision) { throw new UnsupportedOperationException(); }
        public void close() { }
    }

    private static List<String> readAll(MemoryKeyspace space, KeyRange range, int firstPage, long pageBytes, boolean prefetch) {
        List<String> read = new ArrayList<>();
        try (KeyPager pager = new KeyPager(space, range, 1, firstPage, pageBytes, KeyPager.MAX_PAGE_KEYS, prefetch)) {
            for (List<MetaEntry> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                page.forEach(e -> read.add(e.keyText()));
            }
        }
        return read;
    }

    private static MemoryKeyspace clusterLike(int perFamily, Random random) {
        MemoryKeyspace space = new MemoryKeyspace();
        for (String family : List.of("cf/catalog_table/", "cf/catalog_view/", "cf/hummock_1/", "default/id_gen/", "zz/")) {
            for (int i = 0; i < perFamily; i++) {
                space.keys.put((family + "bulk-" + String.format("%09d", random.nextInt(1_000_000_000))).getBytes(StandardCharsets.UTF_8), new byte[100]);
            }
        }
        String longPrefix = "x".repeat(100);
        for (int i = 0; i < 300; i++) {
            space.keys.put((longPrefix + i).getBytes(StandardCharsets.UTF_8), new byte[10]);
        }
        space.keys.put(new byte[] {(byte) 0xff, (byte) 0xff}, new byte[1]);
        return space;
    }

    private static List<String> expected(MemoryKeyspace space, KeyRange range) {
        boolean toEnd = range.end().length == 1 && range.end()[0] == 0;
        var slice = toEnd ? space.keys.tailMap(range.start(), true) : space.keys.subMap(range.start(), true, range.end(), false);
        return slice.keySet().stream().map(k -> new String(k, StandardCharsets.UTF_8)).toList();
    }

    @Test
    void returnsEveryKeyExactlyOnceInOrder() {
        Random random = new Random(7);
        MemoryKeyspace space = clusterLike(4_000, random);
        for (KeyRange range : List.of(KeyRange.prefix(""), KeyRange.prefix("cf/"), KeyRange.prefix("x"), KeyRange.prefix("cf/catalog_view/bulk-5"))) {
            for (int firstPage : List.of(1, 7, 500)) {
                for (boolean prefetch : List.of(false, true)) {
                    assertEquals(expected(space, range), readAll(space, range, firstPage, 1_000 * 120L, prefetch),
                            "range from " + new String(range.start()) + ", first page " + firstPage);
                }
            }
        }
    }

    @Test
    void boundedWindowsKeepEtcdsCountingLinearNotQuadratic() {
        MemoryKeyspace space = clusterLike(40_000, new Random(3));
        List<String> read = readAll(space, KeyRange.prefix(""), 1_000, 1_000 * 120L, false);
        assertEquals(space.keys.size(), read.size());
        long perRequest = space.counted / space.requests;
        assertTrue(space.counted < 20L * space.keys.size(),
                "counted " + space.counted + " keys in " + space.requests + " requests (" + perRequest + " each) for " + space.keys.size());
    }

    @Test
    void keysAsNumbersKeepTheirOrder() {
        byte[] a = "cf/a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "cf/a\0".getBytes(StandardCharsets.UTF_8);
        byte[] c = "cf/b".getBytes(StandardCharsets.UTF_8);
        assertTrue(KeyPager.number(a).compareTo(KeyPager.number(c)) < 0);
        assertTrue(Arrays.compareUnsigned(KeyPager.key(KeyPager.number(b).add(java.math.BigInteger.ONE)), b) > 0);
        byte[] longKey = "y".repeat(80).getBytes(StandardCharsets.UTF_8);
        assertTrue(Arrays.compareUnsigned(KeyPager.key(KeyPager.number(longKey).add(java.math.BigInteger.ONE)), longKey) > 0);
    }
}
