package dev.metasnap.core.connect;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.EtcdSettings;
import dev.metasnap.config.HummockLocation;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.StorageUrl;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.EtcdGateways;
import dev.metasnap.core.hummock.HummockStorage;
import dev.metasnap.core.manifest.BackupStorage;
import dev.metasnap.core.store.ObjectStore;
import dev.metasnap.core.store.ObjectStores;
import dev.metasnap.core.store.SharedObjectStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens etcd and object stores from the redacted settings that job parameters hold, adding the
 * secrets this process knows. Every step that talks to the outside world goes through here.
 * Object stores are opened once per URL and owned here: steps get a view whose close() does
 * nothing, and {@link #close()} closes the real stores when the process is done with them.
 */
public final class Connections implements AutoCloseable {

    private final EtcdGateways etcdGateways;
    private final ObjectStores objectStores;
    private final RuntimeSecrets secrets;
    // keyed by the whole URL, secret included: kept in memory only, never written anywhere
    private final Map<StorageUrl, SharedObjectStore> stores = new ConcurrentHashMap<>();

    public Connections(EtcdGateways etcdGateways, ObjectStores objectStores, RuntimeSecrets secrets) {
        this.etcdGateways = etcdGateways;
        this.objectStores = objectStores;
        this.secrets = secrets;
    }

    public RuntimeSecrets secrets() {
        return secrets;
    }

    public EtcdGateway etcd(String endpoints, String username, String rootPrefix) {
        char[] password = null;
        if (username != null && !username.isEmpty()) {
            password = secrets.etcdPassword(username).orElseThrow(() -> new InvalidSettingException(
                    "no password for etcd user '" + username + "' in this process; pass --etcd-password-file FILE or set METASNAP_ETCD_PASSWORD"));
        }
        EtcdSettings settings = new EtcdSettings(EtcdSettings.parseEndpoints(endpoints),
                username == null || username.isEmpty() ? null : username, password, rootPrefix, null);
        return etcdGateways.connect(settings);
    }

    public EtcdGateway etcd(EtcdSettings settings) {
        return etcdGateways.connect(settings);
    }

    /** The full URL for a redacted one: itself when it holds no secret, else the one this process was given. */
    public StorageUrl resolve(String redactedUrl) {
        StorageUrl parsed = StorageUrl.parse(redactedUrl);
        if (!parsed.hasInlineCredentials()) {
            return parsed;
        }
        return secrets.storageUrl(parsed.redacted()).orElseThrow(() -> new InvalidSettingException(
                "the secret key for " + parsed.redacted() + " is not known to this process; pass the full URL with"
                        + " --backup-storage-url (or METASNAP_BACKUP_STORAGE_URL), or keep it in the cluster's system params"));
    }

    public ObjectStore store(StorageUrl url) {
        secrets.storageUrl(url);
        return stores.computeIfAbsent(url, u -> new SharedObjectStore(objectStores.open(url)));
    }

    public BackupStorage backupStorage(String redactedUrl, String directory) {
        StorageUrl url = resolve(redactedUrl);
        return new BackupStorage(store(url), new BackupLocation(url, directory));
    }

    public BackupStorage backupStorage(BackupLocation location) {
        return new BackupStorage(store(location.url()), location);
    }

    public HummockStorage hummockStorage(HummockLocation location) {
        return new HummockStorage(store(location.url()), location);
    }

    /** Closes every store this process opened; the views handed out must not be used after this. */
    @Override
    public void close() {
        RuntimeException first = null;
        for (SharedObjectStore store : stores.values()) {
            try {
                store.closeShared();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        stores.clear();
        if (first != null) {
            throw first;
        }
    }
}
