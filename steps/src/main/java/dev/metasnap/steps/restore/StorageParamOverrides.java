package dev.metasnap.steps.restore;

import dev.metasnap.steps.run.JobRun;
import dev.metasnap.steps.run.JobParameterNames;
import dev.metasnap.config.StorageUrl;
import dev.metasnap.config.SystemParam;
import dev.metasnap.core.connect.Connections;
import dev.metasnap.core.params.SystemParams;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four system params a restore rewrites with the overwrite flags, so the restored cluster
 * points at its new hummock and backup locations. Values carry the full URLs (secrets
 * included) because the meta service reads them from etcd.
 */
public final class StorageParamOverrides {

    private StorageParamOverrides() {
    }

    /** Full etcd key to new value; empty unless the job was asked to overwrite. */
    public static Map<String, byte[]> of(JobRun run, Connections connections) {
        Map<String, byte[]> overrides = new LinkedHashMap<>();
        if (!run.flag(JobParameterNames.RESTORE_OVERWRITE)) {
            return overrides;
        }
        StorageUrl hummock = connections.resolve(run.parameter(JobParameterNames.HUMMOCK_URL));
        StorageUrl backup = connections.resolve(run.parameter(JobParameterNames.RESTORE_OVERWRITE_BACKUP_URL));
        put(overrides, run, SystemParam.STATE_STORE, "hummock+" + hummock.full());
        put(overrides, run, SystemParam.DATA_DIRECTORY, run.parameter(JobParameterNames.HUMMOCK_DIRECTORY));
        put(overrides, run, SystemParam.BACKUP_STORAGE_URL, backup.full());
        put(overrides, run, SystemParam.BACKUP_STORAGE_DIRECTORY, run.parameter(JobParameterNames.RESTORE_OVERWRITE_BACKUP_DIRECTORY));
        return overrides;
    }

    private static void put(Map<String, byte[]> overrides, JobRun run, String name, String value) {
        overrides.put(SystemParams.key(run.rootPrefix(), name), value.getBytes(StandardCharsets.UTF_8));
    }

}
