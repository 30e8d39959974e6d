package dev.metasnap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StorageUrlTest {

    @Test
    void s3WithEndpointAndRegion() {
        StorageUrl url = StorageUrl.parse("s3://backups?endpoint=http://127.0.0.1:9000&region=eu-west-1");
        assertEquals(StorageScheme.S3, url.scheme());
        assertEquals("backups", url.bucket());
        assertEquals(URI.create("http://127.0.0.1:9000"), url.endpoint());
        assertEquals("eu-west-1", url.region());
        assertNull(url.accessKey());
        assertEquals(url, StorageUrl.parse(url.redacted()), "the redacted form of a secret-free URL parses back to itself");
    }

    @Test
    void minioCarriesCredentialsButNeverPrintsTheSecret() {
        StorageUrl url = StorageUrl.parse("hummock+minio://key:s%2Fcret@127.0.0.1:9301/state");
        assertEquals(StorageScheme.MINIO, url.scheme());
        assertEquals("state", url.bucket());
        assertEquals("key", url.accessKey());
        assertEquals("s/cret", url.secretKey());
        assertEquals("minio://key:***@127.0.0.1:9301/state", url.redacted());
        assertFalse(url.toString().contains("cret"));
        assertEquals("minio://key:s%2Fcret@127.0.0.1:9301/state", url.full(), "full() keeps the secret, re-encoded, for the system params");
        assertEquals(url, StorageUrl.parse(url.full()), "and it parses back to the same secret");
        assertEquals("fs:///x", StorageUrl.parse("fs:///x").full());
    }

    @Test
    void awsStyleSecretsWithPlusSlashAndAtSurviveARoundTrip() {
        String secret = "wJal+rXUt/nFEMI@K7MD=ENG+bPxRfi%CY";
        StorageUrl url = StorageUrl.parse("minio://AKIA:wJal+rXUt%2FnFEMI%40K7MD=ENG+bPxRfi%25CY@127.0.0.1:9000/b");
        assertEquals(secret, url.secretKey(), "'+' is not a space; %2F, %40 and %25 decode");
        assertEquals(url, StorageUrl.parse(url.full()));
        assertFalse(url.full().contains("rXUt/"), url.full());
    }

    @Test
    void noPartOfASecretHoldingAtOrSlashShowsInAMessage() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> StorageUrl.parse("minio://k:top@XYZZY/PLUGH@host/b"));
        assertFalse(e.getMessage().contains("XYZZY"), e.getMessage());
        assertFalse(e.getMessage().contains("PLUGH"), e.getMessage());
    }

    @Test
    void fsNeedsAnAbsolutePath() {
        assertEquals(Path.of("/var/backups/meta"), StorageUrl.parse("fs:///var/backups/meta/").root());
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> StorageUrl.parse("fs://relative"));
        assertTrue(e.getMessage().contains("absolute path"), e.getMessage());
    }

    @Test
    void malformedUrlsNameTheProblemWithoutTheSecret() {
        assertTrue(assertThrows(InvalidSettingException.class, () -> StorageUrl.parse("gs://b")).getMessage().contains("unsupported scheme 'gs'"));
        assertTrue(assertThrows(InvalidSettingException.class, () -> StorageUrl.parse("s3://b?foo=1")).getMessage().contains("unknown query parameter 'foo'"));
        InvalidSettingException noPort = assertThrows(InvalidSettingException.class, () -> StorageUrl.parse("minio://k:topsecret@host/b"));
        assertTrue(noPort.getMessage().contains("host:port"), noPort.getMessage());
        assertFalse(noPort.getMessage().contains("topsecret"), noPort.getMessage());
        assertThrows(InvalidSettingException.class, () -> StorageUrl.parse(""));
    }

    @Test
    void directoriesMustBePlainRelativePaths() {
        assertEquals("backup/prod", BackupLocation.parse("fs:///x", "/backup/prod/").directory());
        assertThrows(InvalidSettingException.class, () -> BackupLocation.parse("fs:///x", "../etc"));
        assertThrows(InvalidSettingException.class, () -> BackupLocation.parse("fs:///x", " "));
    }
}
