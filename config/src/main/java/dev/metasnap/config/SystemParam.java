package dev.metasnap.config;

import java.util.Map;
import java.util.TreeMap;

/** Names of the system parameters (under {@code cf/system_params/}), and what a value of each must look like. */
public final class SystemParam {
    public static final String STATE_STORE = "state_store";
    public static final String DATA_DIRECTORY = "data_directory";
    public static final String BACKUP_STORAGE_URL = "backup_storage_url";
    public static final String BACKUP_STORAGE_DIRECTORY = "backup_storage_directory";

    private enum Kind { NUMBER, DECIMAL, BOOLEAN, STATE_STORE, STORAGE_URL, DIRECTORY, TEXT }

    /** RisingWave v1.x's system parameters. */
    private static final Map<String, Kind> KNOWN = new TreeMap<>(Map.ofEntries(
            Map.entry("barrier_interval_ms", Kind.NUMBER),
            Map.entry("checkpoint_frequency", Kind.NUMBER),
            Map.entry("sstable_size_mb", Kind.NUMBER),
            Map.entry("parallel_compact_size_mb", Kind.NUMBER),
            Map.entry("block_size_kb", Kind.NUMBER),
            Map.entry("bloom_false_positive", Kind.DECIMAL),
            Map.entry(STATE_STORE, Kind.STATE_STORE),
            Map.entry(DATA_DIRECTORY, Kind.DIRECTORY),
            Map.entry(BACKUP_STORAGE_URL, Kind.STORAGE_URL),
            Map.entry(BACKUP_STORAGE_DIRECTORY, Kind.DIRECTORY),
            Map.entry("max_concurrent_creating_streaming_jobs", Kind.NUMBER),
            Map.entry("telemetry_enabled", Kind.BOOLEAN),
            Map.entry("pause_on_next_bootstrap", Kind.BOOLEAN),
            Map.entry("enable_tracing", Kind.BOOLEAN),
            Map.entry("use_new_object_prefix_strategy", Kind.BOOLEAN),
            Map.entry("wasm_storage_url", Kind.TEXT)));

    private SystemParam() {
    }

    public static boolean isKnown(String name) {
        return KNOWN.containsKey(name);
    }

    /**
     * Refuses a value the cluster would choke on, before it is written: an unknown name (unless
     * {@code force}), a number, boolean or storage URL that does not parse, a {@code state_store}
     * that is not {@code hummock+URL}.
     */
    public static void validate(String name, String value, boolean force) {
        Kind kind = KNOWN.get(name);
        if (kind == null) {
            if (force) {
                return;
            }
            throw new InvalidSettingException("unknown system parameter '" + name + "' (known: " + String.join(", ", KNOWN.keySet())
                    + "); check the name, or pass --force to set it anyway");
        }
        switch (kind) {
            case NUMBER -> {
                if (!value.matches("\\d{1,18}")) {
                    throw new InvalidSettingException(name + " must be a non-negative whole number: '" + value + "'");
                }
            }
            case DECIMAL -> {
                try {
                    if (!Double.isFinite(Double.parseDouble(value))) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new InvalidSettingException(name + " must be a number such as 0.001: '" + value + "'");
                }
            }
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new InvalidSettingException(name + " must be true or false: '" + value + "'");
                }
            }
            case STATE_STORE -> {
                if (!value.startsWith("hummock+")) {
                    throw new InvalidSettingException(name + " must be hummock+ and a storage URL, like hummock+s3://bucket: '"
                            + StorageUrl.redactText(value) + "'");
                }
                StorageUrl.parse(value);
            }
            case STORAGE_URL -> StorageUrl.parse(value);
            case DIRECTORY -> BackupLocation.parse("fs:///", value);
            case TEXT -> {
            }
        }
    }
}
