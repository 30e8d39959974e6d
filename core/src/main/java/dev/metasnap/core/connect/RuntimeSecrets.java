package dev.metasnap.core.connect;

import dev.metasnap.config.StorageUrl;
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
