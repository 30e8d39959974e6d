package dev.metasnap.core.connect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.config.EtcdSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeSecretsTest {

    @Test
    void thePasswordOfSettingsThatLogInIsKeptByUser() {
        RuntimeSecrets secrets = new RuntimeSecrets();
        secrets.etcdPassword(EtcdSettings.of("http://127.0.0.1:2379"));
        secrets.etcdPassword(new EtcdSettings(EtcdSettings.parseEndpoints("127.0.0.1:2379"), "root", "s3cret".toCharArray(), "", null));
        assertArrayEquals("s3cret".toCharArray(), secrets.etcdPassword("root").orElseThrow());
        assertEquals(Optional.empty(), secrets.etcdPassword("other"));
    }

    @Test
    void aPasswordFileHoldsThePasswordOnItsFirstLine(@TempDir Path dir) throws Exception {
        assertArrayEquals("pa ss".toCharArray(), RuntimeSecrets.passwordFile(Files.writeString(dir.resolve("p"), "pa ss\nignored\n")));
        assertArrayEquals(new char[0], RuntimeSecrets.passwordFile(Files.writeString(dir.resolve("empty"), "")));
    }
}
