package dev.metasnap.config;

/** Names of the system parameters (under {@code cf/system_params/}) that metasnap reads or writes. */
public final class SystemParam {
    public static final String STATE_STORE = "state_store";
    public static final String DATA_DIRECTORY = "data_directory";
    public static final String BACKUP_STORAGE_URL = "backup_storage_url";
    public static final String BACKUP_STORAGE_DIRECTORY = "backup_storage_directory";

    private SystemParam() {
    }
}
