package dev.metasnap.core.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.metasnap.config.BackupLocation;
import dev.metasnap.config.RetentionPolicy;
import dev.metasnap.core.hummock.StateTableInfo;
import dev.metasnap.core.retention.RetentionDecision;
import dev.metasnap.core.retention.RetentionPlanner;
import dev.metasnap.core.store.FsObjectStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A manifest.json as RisingWave v1.x writes it: metasnap reads it, and rewrites it so RisingWave still reads it and loses nothing. */
class RisingWaveManifestTest {

    /** 2^53 + 1: a double cannot hold it. */
    static final long BIG_EPOCH = 9007199254740993L;

    /** v1.0–v1.3: the five original fields. */
    static final String V1_3 = "{\"manifest_id\":3,\"snapshot_metadata\":[{\"id\":1,\"hummock_version_id\":10,\"ssts\":[5,6],"
            + "\"max_committed_epoch\":1000,\"safe_epoch\":900}]}";
    /** v1.6: +format_version (v1.4), +remarks as null; an unknown field at the top and in the entry (a newer RisingWave's). */
    static final String V1_6 = "{\"manifest_id\":7,\"later_top\":{\"x\":[1,2.50]},\"snapshot_metadata\":[{\"id\":2,\"hummock_version_id\":20,"
            + "\"ssts\":[7],\"max_committed_epoch\":" + BIG_EPOCH + ",\"safe_epoch\":" + (BIG_EPOCH - 2) + ",\"format_version\":1,"
            + "\"remarks\":null,\"later_field\":\"kept\"}]}";
    /** v1.9: ssts in set order, a remark; the same id twice (RisingWave never checks ids). */
    static final String V1_9 = "{\"manifest_id\":12,\"snapshot_metadata\":[{\"id\":1001,\"hummock_version_id\":30,\"ssts\":[9,3,8],"
            + "\"max_committed_epoch\":3000,\"safe_epoch\":2000,\"format_version\":1,\"remarks\":\"nightly\"},"
            + "{\"id\":1001,\"hummock_version_id\":31,\"ssts\":[],\"max_committed_epoch\":3100,\"safe_epoch\":3000,\"format_version\":1}]}";
    /** v1.10: state_table_info in pbjson form (zero fields left out) and rw_version. */
    static final String V1_10 = "{\"manifest_id\":20,\"snapshot_metadata\":[{\"id\":2001,\"hummock_version_id\":40,\"ssts\":[11,12],"
            + "\"max_committed_epoch\":" + BIG_EPOCH + ",\"safe_epoch\":5,\"format_version\":1,\"remarks\":null,"
            + "\"state_table_info\":{\"1001\":{\"committedEpoch\":\"" + BIG_EPOCH + "\",\"safeEpoch\":\"5\",\"compactionGroupId\":\"2\"},"
            + "\"1002\":{\"committedEpoch\":\"6\"}},\"rw_version\":\"1.10.0\"}]}";

    @TempDir
    Path root;

    private BackupStorage storage(String manifest) throws Exception {
        BackupStorage storage = new BackupStorage(FsObjectStore.open(root), BackupLocation.parse("fs://" + root, "backup"));
        if (manifest != null) {
            storage.store().put(storage.key(BackupStorage.MANIFEST), manifest.getBytes(StandardCharsets.UTF_8));
        }
        return storage;
    }

    private byte[] manifestBytes(BackupStorage storage) throws Exception {
        return storage.store().get(storage.key(BackupStorage.MANIFEST)).readAllBytes();
    }

    @Test
    void aV13ManifestReadsWithMetasnapsFieldsUnknown() throws Exception {
        BackupManifest manifest = storage(V1_3).readManifest();
        assertEquals(3, manifest.manifestId());
        SnapshotMetadata entry = manifest.snapshotMetadata().get(0);
        assertEquals(List.of(1L, 10L, 1000L, 900L, 0L), List.of(entry.id(), entry.hummockVersionId(), entry.maxCommittedEpoch(), entry.safeEpoch(),
                (long) entry.formatVersion()));
        assertEquals(List.of(5L, 6L), entry.ssts());
        assertFalse(entry.metasnapMade());
        assertEquals(null, entry.createdAt());
        assertEquals(null, entry.sha256());
        assertEquals(null, entry.sstCopy());
        assertTrue(entry.stateTableInfo().isEmpty());
    }

    @Test
    void epochsAboveTwoToTheFiftyThreeReadExactly() throws Exception {
        SnapshotMetadata v16 = storage(V1_6).readManifest().snapshotMetadata().get(0);
        assertEquals(BIG_EPOCH, v16.maxCommittedEpoch());
        assertEquals(BIG_EPOCH - 2, v16.safeEpoch());
        assertEquals(null, v16.remarks());
        assertEquals(1, v16.formatVersion());
    }

    @Test
    void aV19ManifestKeepsItsOrderAndBothEntriesOfARepeatedId() throws Exception {
        BackupManifest manifest = storage(V1_9).readManifest();
        assertEquals(List.of(1001L, 1001L), manifest.ids());
        assertEquals(30, manifest.find(1001).orElseThrow().hummockVersionId());
        assertEquals(List.of(9L, 3L, 8L), manifest.snapshotMetadata().get(0).ssts());
        assertEquals("nightly", manifest.snapshotMetadata().get(0).remarks());
        assertEquals(List.of(3L, 8L, 9L), List.copyOf(manifest.pinnedSsts()));
    }

    @Test
    void aV110ManifestReadsStateTableInfoInPbjsonForm() throws Exception {
        SnapshotMetadata entry = storage(V1_10).readManifest().snapshotMetadata().get(0);
        assertEquals(Map.of(1001, new StateTableInfo(BIG_EPOCH, 5, 2), 1002, new StateTableInfo(6, 0, 0)), entry.stateTableInfo());
    }

    @Test
    void metasnapsEarlierSnakeCaseStateTableInfoStillReads() throws Exception {
        String earlier = "{\"manifest_id\":1,\"snapshot_metadata\":[{\"id\":1,\"hummock_version_id\":1,\"ssts\":[],\"max_committed_epoch\":2,"
                + "\"safe_epoch\":1,\"created_at\":\"2026-01-01T00:00:00Z\",\"state_table_info\":{\"7\":{\"committed_epoch\":9,\"safe_epoch\":8,"
                + "\"compaction_group_id\":3}}}]}";
        assertEquals(Map.of(7, new StateTableInfo(9, 8, 3)), storage(earlier).readManifest().snapshotMetadata().get(0).stateTableInfo());
    }

    @ParameterizedTest
    @ValueSource(strings = {V1_3, V1_6, V1_9, V1_10})
    void aMetasnapBackupBesideRisingWavesKeepsItsEntriesAndFieldsAndRaisesManifestId(String written) throws Exception {
        BackupStorage storage = storage(written);
        JsonNode before = new ObjectMapper().readTree(written);
        BackupManifest reserved = storage.update(m -> m.reserveNextId(0));
        long id = reserved.lastSnapshotId();
        storage.update(m -> m.with(ours(id)));

        JsonNode after = RisingWaveManifestRules.check(manifestBytes(storage), written.equals(V1_10));
        assertEquals(before.get("manifest_id").asLong() + 2, after.get("manifest_id").asLong());
        JsonNode entries = after.get("snapshot_metadata");
        for (int i = 0; i < before.get("snapshot_metadata").size(); i++) {
            assertEquals(before.get("snapshot_metadata").get(i), entries.get(i), "RisingWave's entry " + i + " as it wrote it");
        }
        assertEquals(before.get("snapshot_metadata").size() + 1, entries.size());
        assertEquals(id, entries.get(entries.size() - 1).get("id").asLong());
        assertTrue(entries.get(entries.size() - 1).get("state_table_info").isObject(), "metasnap's entry parses on v1.10.0 too");
        before.properties().forEach(f -> {
            if (!f.getKey().equals("manifest_id") && !f.getKey().equals("snapshot_metadata")) {
                assertEquals(f.getValue(), after.get(f.getKey()), "top-level field " + f.getKey());
            }
        });
        assertTrue(id > before.get("snapshot_metadata").findValues("id").stream().mapToLong(JsonNode::asLong).max().orElse(0));
    }

    @Test
    void unknownFieldsComeBackDigitForDigit() throws Exception {
        BackupStorage storage = storage(V1_6);
        storage.update(m -> m.reserveNextId(0));
        String after = new String(manifestBytes(storage), StandardCharsets.UTF_8);
        assertTrue(after.contains("2.50"), after);
        assertTrue(after.contains("\"later_field\":\"kept\"") || after.contains("\"later_field\" : \"kept\""), after);
        assertTrue(after.contains(Long.toString(BIG_EPOCH)), after);
    }

    @Test
    void whatMetasnapWritesParsesUnderRisingWavesRules() throws Exception {
        BackupStorage storage = storage(null);
        TreeMap<Integer, StateTableInfo> info = new TreeMap<>(Map.of(1, new StateTableInfo(BIG_EPOCH, 0, 3), 2, new StateTableInfo(0, 0, 0)));
        SnapshotMetadata entry = new SnapshotMetadata(1, 2, List.of(4L), BIG_EPOCH, 1, 1, null, "2026-01-01T00:00:00Z", 5, "c", "", 1, 1, 1, 1, 1,
                "ab", null, null, "risingwave", info, null);
        storage.update(m -> m.reserveNextId(0).with(entry));
        JsonNode written = RisingWaveManifestRules.check(manifestBytes(storage), true);
        assertEquals(1, written.get("manifest_id").asLong());
        JsonNode tables = written.get("snapshot_metadata").get(0).get("state_table_info");
        assertEquals("{\"1\":{\"committedEpoch\":\"" + BIG_EPOCH + "\",\"compactionGroupId\":\"3\"},\"2\":{}}", tables.toString());
        assertEquals(info, storage.readManifest().snapshotMetadata().get(0).stateTableInfo());
        storage.update(m -> m.without(List.of(1L)));
        assertEquals(2, RisingWaveManifestRules.check(manifestBytes(storage), true).get("manifest_id").asLong());
    }

    @Test
    void theStrictCheckerRefusesWhatRisingWaveRefuses() {
        assertThrows(AssertionError.class, () -> RisingWaveManifestRules.check(V1_3.getBytes(StandardCharsets.UTF_8), true), "v1.10.0 needs state_table_info");
        String quoted = V1_10.replace("\"safe_epoch\":5", "\"safe_epoch\":\"5\"");
        assertThrows(AssertionError.class, () -> RisingWaveManifestRules.check(quoted.getBytes(StandardCharsets.UTF_8), false));
        String snake = V1_10.replace("\"safeEpoch\"", "\"safe_epoch\"");
        assertThrows(AssertionError.class, () -> RisingWaveManifestRules.check(snake.getBytes(StandardCharsets.UTF_8), false));
    }

    @Test
    void aRisingWaveEntryIsNeverReplacedOnlyDeleted() throws Exception {
        BackupManifest manifest = storage(V1_10).readManifest();
        SnapshotMetadata theirs = manifest.snapshotMetadata().get(0);
        assertSame(manifest, manifest.with(theirs.verified("2026-01-01T00:00:00Z", SnapshotMetadata.VERIFIED_OK)));
        assertEquals(List.of(), manifest.without(List.of(2001L)).ids());
        assertEquals(21, manifest.without(List.of(2001L)).manifestId());
    }

    @Test
    void aNewIdIsAboveEveryIdInTheManifestAndAboveRisingWavesGenerator() throws Exception {
        BackupManifest manifest = storage(V1_9).readManifest();
        assertEquals(1002, manifest.reserveNextId(0).lastSnapshotId());
        assertEquals(3001, manifest.reserveNextId(3000).lastSnapshotId());
        assertEquals(3000, RisingWaveBackupIds.storedBound(Optional.of(new byte[] {0, 0, 0, 0, 0, 0, 0x0b, (byte) 0xb8})));
        assertEquals(0, RisingWaveBackupIds.storedBound(Optional.empty()));
        assertEquals(0, RisingWaveBackupIds.storedBound(Optional.of("3000".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void pruneNeverPlansARisingWaveEntry() throws Exception {
        List<SnapshotMetadata> entries = new java.util.ArrayList<>(storage(V1_9).readManifest().snapshotMetadata());
        entries.add(ours(1002));
        List<RetentionDecision> plan = RetentionPlanner.plan(entries, new RetentionPolicy(1, null, 0, 0, 0), Instant.parse("2027-01-01T00:00:00Z"));
        assertEquals(List.of(1002L), plan.stream().map(RetentionDecision::id).toList());
    }

    @Test
    void aLateMetasnapCommitNeverGoesBeforeAnEntryRisingWaveMade() throws Exception {
        // RisingWave's time travel takes the first entry that covers an epoch: its own entries stay first
        BackupManifest manifest = storage(V1_10).readManifest().with(ours(5));
        assertEquals(List.of(2001L, 5L), manifest.ids());
        assertEquals(List.of(5L, 7L), BackupManifest.empty().with(ours(7)).with(ours(5)).ids(), "metasnap's own entries stay in id order");
    }

    @Test
    void verifyAllChecksMetasnapsOwnSnapshotsAndRefusesNamingOneRisingWaveMade() throws Exception {
        BackupManifest manifest = storage(V1_10).readManifest().with(ours(2002));
        assertEquals(List.of(2002L), dev.metasnap.core.verify.VerifySelection.resolve("all", manifest, "here"));
        var e = assertThrows(UnsupportedFormatException.class, () -> dev.metasnap.core.verify.VerifySelection.resolve("2001", manifest, "here"));
        assertTrue(e.getMessage().contains("made by RisingWave's own meta backup"), e.getMessage());
    }

    @Test
    void aRestoreOfASnapshotRisingWaveMadeIsRefusedNamingRisectl() throws Exception {
        BackupStorage storage = storage(V1_10);
        storage.store().put(storage.snapshotKey(2001), new byte[] {1});
        var e = assertThrows(UnsupportedFormatException.class, () -> dev.metasnap.core.restore.RestorePreflight.snapshot(storage, 2001));
        assertTrue(e.getMessage().contains("risectl meta restore-meta"), e.getMessage());
    }

    private static SnapshotMetadata ours(long id) {
        return new SnapshotMetadata(id, 50, List.of(13L), 4000, 3500, 1, null, "2026-06-01T00:00:00Z", 9, "c", "", 3, 1, 10, 10, 20, "ff", null, null,
                "risingwave", null, null);
    }
}
