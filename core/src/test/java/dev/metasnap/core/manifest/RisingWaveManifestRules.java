package dev.metasnap.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Map;
import java.util.Set;

/**
 * RisingWave v1.x's rules for {@code manifest.json} (serde {@code MetaSnapshotManifest} /
 * {@code MetaSnapshotMetadata}, up to v1.10.0 which requires {@code state_table_info}), written
 * from the schema alone and with a plain Jackson tree, so it does not share metasnap's reader.
 * {@link #check} throws {@link AssertionError} naming the first broken rule.
 */
final class RisingWaveManifestRules {

    private static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    private static final BigInteger U32_MAX = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);
    private static final Set<String> STATE_TABLE_INFO_KEYS = Set.of("committedEpoch", "safeEpoch", "compactionGroupId");

    private RisingWaveManifestRules() {
    }

    /** {@code v1100}: also v1.10.0's rule that every entry has {@code state_table_info} (1.10.1 and earlier than 1.10 do without). */
    static JsonNode check(byte[] manifest, boolean v1100) throws IOException {
        JsonNode root = new ObjectMapper().readTree(manifest);
        require(root.isObject(), "manifest is a JSON object");
        integer(root, "manifest_id", U64_MAX, true);
        JsonNode entries = root.get("snapshot_metadata");
        require(entries != null && entries.isArray(), "snapshot_metadata is an array");
        for (JsonNode entry : entries) {
            require(entry.isObject(), "an entry is an object");
            for (String field : new String[] {"id", "hummock_version_id", "max_committed_epoch", "safe_epoch"}) {
                integer(entry, field, U64_MAX, true);
            }
            JsonNode ssts = entry.get("ssts");
            require(ssts != null && ssts.isArray(), "ssts is an array in " + entry);
            ssts.forEach(sst -> require(isInteger(sst, U64_MAX), "an sst id is a u64 JSON integer: " + sst));
            integer(entry, "format_version", U32_MAX, false);
            optionalString(entry, "remarks");
            optionalString(entry, "rw_version");
            JsonNode info = entry.get("state_table_info");
            if (info == null && !v1100) {
                continue;
            }
            require(info != null && info.isObject(), "state_table_info is an object (required by v1.10.0) in " + entry);
            for (Map.Entry<String, JsonNode> table : info.properties()) {
                require(table.getKey().matches("\\d+") && new BigInteger(table.getKey()).compareTo(U32_MAX) <= 0,
                        "state_table_info key is a u32: " + table.getKey());
                JsonNode value = table.getValue();
                require(value.isObject(), "state_table_info value is an object: " + value);
                for (Map.Entry<String, JsonNode> f : value.properties()) {
                    require(STATE_TABLE_INFO_KEYS.contains(f.getKey()), "pbjson StateTableInfo has no field " + f.getKey());
                    require(f.getValue().isTextual() && f.getValue().textValue().matches("[1-9]\\d*")
                            && new BigInteger(f.getValue().textValue()).compareTo(U64_MAX) <= 0,
                            "pbjson writes a non-zero u64 as a string (zero is left out): " + f);
                }
            }
        }
        return root;
    }

    private static void integer(JsonNode object, String field, BigInteger max, boolean required) {
        JsonNode value = object.get(field);
        if (value == null && !required) {
            return;
        }
        require(value != null, field + " is present in " + object);
        require(isInteger(value, max), field + " is an unsigned JSON integer up to " + max + ": " + value);
    }

    private static boolean isInteger(JsonNode value, BigInteger max) {
        return value.isIntegralNumber() && value.bigIntegerValue().signum() >= 0 && value.bigIntegerValue().compareTo(max) <= 0;
    }

    private static void optionalString(JsonNode object, String field) {
        JsonNode value = object.get(field);
        require(value == null || value.isNull() || value.isTextual(), field + " is a string or null: " + value);
    }

    private static void require(boolean condition, String rule) {
        if (!condition) {
            throw new AssertionError("RisingWave would not parse this manifest: " + rule);
        }
    }
}
