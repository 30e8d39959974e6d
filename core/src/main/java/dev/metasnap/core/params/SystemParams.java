package dev.metasnap.core.params;

import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.MetaKeys;
import dev.metasnap.config.SystemParam;
import dev.metasnap.core.etcd.EtcdGateway;
import dev.metasnap.core.etcd.KeyPager;
import dev.metasnap.core.etcd.KeyRange;
import dev.metasnap.core.etcd.MetaEntry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The cluster's system parameters ({@code cf/system_params/<name>}, UTF-8 values). */
public final class SystemParams {

    private final EtcdGateway etcd;
    private final String rootPrefix;

    public SystemParams(EtcdGateway etcd, String rootPrefix) {
        this.etcd = etcd;
        this.rootPrefix = rootPrefix;
    }

    /** The etcd key of param {@code name} of the cluster under {@code rootPrefix}. */
    public static String key(String rootPrefix, String name) {
        return rootPrefix + MetaKeys.SYSTEM_PARAMS + name;
    }

    private String key(String name) {
        return key(rootPrefix, name);
    }

    public Map<String, String> all() {
        Map<String, String> params = new TreeMap<>();
        String prefix = rootPrefix + MetaKeys.SYSTEM_PARAMS;
        try (KeyPager pager = KeyPager.simple(etcd, KeyRange.prefix(prefix), 0)) {
            for (List<MetaEntry> page = pager.next(); !page.isEmpty(); page = pager.next()) {
                for (MetaEntry e : page) {
                    params.put(e.keyText().substring(prefix.length()), new String(e.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    public Optional<String> get(String name) {
        return etcd.get(key(name)).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    /** The value param {@code name} had at etcd {@code revision}. */
    public Optional<String> get(String name, long revision) {
        // a prefix read, since a read at a revision is a range: the key itself, not a longer name it begins
        return etcd.range(KeyRange.prefix(key(name)), revision, 2).entries().stream()
                .filter(e -> e.keyText().equals(key(name)))
                .map(e -> new String(e.value(), StandardCharsets.UTF_8))
                .findFirst();
    }

    public void set(String name, String value) {
        etcd.put(key(name), value.getBytes(StandardCharsets.UTF_8));
    }

    /** The backup location the params name, or a message saying how to set it. */
    public BackupLocation backupLocation() {
        String url = get(SystemParam.BACKUP_STORAGE_URL).filter(s -> !s.isBlank()).orElse(null);
        String dir = get(SystemParam.BACKUP_STORAGE_DIRECTORY).filter(s -> !s.isBlank()).orElse(null);
        if (url == null || dir == null) {
            throw new BackupNotConfiguredException("backup storage is not configured in " + etcd.describe() + " ("
                    + (url == null ? SystemParam.BACKUP_STORAGE_URL : SystemParam.BACKUP_STORAGE_DIRECTORY) + " is unset); run "
                    + "'metasnap params set backup_storage_url s3://bucket' and 'metasnap params set backup_storage_directory backup'");
        }
        try {
            return BackupLocation.parse(url, dir);
        } catch (InvalidSettingException e) {
            throw new InvalidSettingException("system parameter " + SystemParam.BACKUP_STORAGE_URL + ": " + e.getMessage());
        }
    }
}
