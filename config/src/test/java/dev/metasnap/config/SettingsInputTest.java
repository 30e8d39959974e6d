package dev.metasnap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad settings get a clear InvalidSettingException (exit 2), never a raw runtime error or a silent downgrade. */
class SettingsInputTest {

    @Test
    void anHttpsEtcdEndpointIsRefusedRatherThanUsedAsPlainHttp() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> EtcdSettings.parseEndpoints("https://127.0.0.1:2379"));
        assertTrue(e.getMessage().contains("does not speak TLS"), e.getMessage());
        assertEquals("http://127.0.0.1:2379", EtcdSettings.parseEndpoints("127.0.0.1:2379").get(0).toString());
    }

    @Test
    void aDurationTooLargeIsABadInputNotAnOverflow() {
        assertEquals(Duration.ofDays(14), Durations.parse("2w"));
        assertThrows(InvalidSettingException.class, () -> Durations.parse("99999999999999999999d"));
        assertThrows(InvalidSettingException.class, () -> Durations.parse("9223372036854775807w"));
    }
}
