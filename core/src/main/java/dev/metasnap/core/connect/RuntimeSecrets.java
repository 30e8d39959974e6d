package dev.metasnap.core.connect;

import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.StorageUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets known to this process only: the etcd password and storage URLs with inline keys.
 * Job parameters carry redacted values; a step asks here for the secret that goes with one, so
 * no secret reaches the job repository.
 */
public final class RuntimeSecrets {

    private final Map<String, char[]> etcdPasswords = new ConcurrentHashMap<>();
    private final Map<String, StorageUrl> storageUrls = new ConcurrentHashMap<>();

    public void etcdPassword(String username, char[] password) {
        etcdPasswords.put(username, password.clone());
    }

    /** Keeps the password of settings that log in, for the jobs that connect with their redacted form. */
    public void etcdPassword(EtcdSettings settings) {
        if (settings.hasAuth()) {
            etcdPassword(settings.username(), settings.password());
        }
    }

    /** The password a password file holds: its first line, empty for an empty file. */
    public static char[] passwordFile(Path file) throws IOException {
        return Files.readAllLines(file).stream().findFirst().orElse("").toCharArray();
    }

    public Optional<char[]> etcdPassword(String username) {
        return Optional.ofNullable(etcdPasswords.get(username)).map(char[]::clone);
    }

    /** Remembers a URL that carries a secret, under its redacted form. */
    public void storageUrl(StorageUrl url) {
        if (url.hasInlineCredentials()) {
            storageUrls.put(url.redacted(), url);
        }
    }

    public Optional<StorageUrl> storageUrl(String redacted) {
        return Optional.ofNullable(storageUrls.get(redacted));
    }
}
