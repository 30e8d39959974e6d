package dev.metasnap.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProstIdsTest {

    @Test
    void encodesAsProstDoesAndDecodesBack() {
        assertArrayEquals(new byte[0], ProstIds.encode(0));
        assertArrayEquals(new byte[] {0x08, 0x01}, ProstIds.encode(1));
        assertArrayEquals(new byte[] {0x08, (byte) 0xC8, 0x01}, ProstIds.encode(200));
        assertArrayEquals(new byte[] {0x08, (byte) 0xAC, 0x02}, ProstIds.encode(300));
        for (long id : new long[] {0, 1, 127, 128, 255, 256, 300, 1L << 35, Long.MAX_VALUE, -1L}) {
            assertEquals(OptionalLong.of(id), ProstIds.decode(ProstIds.encode(id)), "id " + id);
        }
    }

    @Test
    void refusesWhatIsNotOneProstInteger() {
        assertTrue(ProstIds.decode("00000000000000000012".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        assertTrue(ProstIds.decode(new byte[] {0x08}).isEmpty());
        assertTrue(ProstIds.decode(new byte[] {0x08, (byte) 0x81}).isEmpty());
        assertTrue(ProstIds.decode(new byte[] {0x08, 0x01, 0x02}).isEmpty());
        assertTrue(ProstIds.decode(new byte[] {0x08, (byte) 0x80, 0x00}).isEmpty(), "a non-minimal varint is not what prost writes");
    }

    @Test
    void describesBinaryKeysReadably() {
        byte[] key = concat("cf/hummock_1/".getBytes(StandardCharsets.US_ASCII), ProstIds.encode(300));
        assertEquals("cf/hummock_1/[id 300]", MetaKeys.describe(key));
        assertEquals("cf/system_params/state_store", MetaKeys.describe("cf/system_params/state_store".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("cf/worker/0xff00", MetaKeys.describe(concat("cf/worker/".getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xFF, 0})));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
