package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.config.Epoch;
import dev.metasnap.core.format.Json;
import dev.metasnap.core.manifest.BackupLockOwner;
import dev.metasnap.core.manifest.BackupManifest;
import dev.metasnap.core.manifest.SnapshotMetadata;
import dev.metasnap.core.ssts.SstCopy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The --json documents byte for byte: names, order, numbers and strings, indentation, and the
 * null fields left out. The expected texts are what the commands printed when they still built
 * their documents from maps; a script parsing them must not notice the records.
 */
class JsonDocumentsTest {

    private static final SnapshotMetadata FULL = new SnapshotMetadata(4, 9, List.of(12L, 15L), 3603859827458048L, 3603859827392512L, 1, "nightly",
            "2026-01-02T03:04:05.678Z", 17, "c-1", "", 1000, 1, 5000, 4000, 4096, "ab12", "2026-01-02T04:00:00.000Z", "ok", "risingwave",
            null, new SstCopy(false, List.of(15L), 1, 100, 0, 0));
    /** Every field that can be null is. */
    private static final SnapshotMetadata BARE = new SnapshotMetadata(5, 10, List.of(), 0, 0, 1, null, "2026-01-03T00:00:00.000Z", 18, null, null,
            0, 0, 0, 0, 0, null, null, null, null, null, null);
    private static final BackupManifest MANIFEST = new BackupManifest(3, 5, List.of(FULL, BARE));
    private static final BackupLockOwner HOLDER = new BackupLockOwner("run-1", "backup", "elsewhere.invalid", 12, 0, "x", 99,
            "2026-01-01T00:00:00Z", "2026-01-01T06:00:00Z");
    private static final BackupLockOwner SPARSE = new BackupLockOwner("run-2", null, null, 0, 0, null, 0, null, null);
    private static final String LOCATION = "fs:///b directory 'backup'";
    private static final String CHECKED_AT = "2026-01-03T00:00:01Z";
    private static final Instant NOW = Instant.parse("2026-01-03T00:00:01Z");
    private static final long EPOCH = 3603859827458048L;

    private static Map<String, long[]> families() {
        Map<String, long[]> families = new TreeMap<>();
        families.put("cf/b", new long[] {1, 10});
        families.put("cf/a", new long[] {3, 300});
        return families;
    }

    private static Map<String, long[]> changes() {
        return new TreeMap<>(Map.of("cf/a", new long[] {1, 2, 3}));
    }

    static Stream<Arguments> documents() {
        return Stream.of(
            Arguments.of("list", ListCommand.rows(MANIFEST),
                """
                [ {
                  "meta_snapshot_id" : 4,
                  "hummock_version_id" : 9,
                  "safe_epoch" : 3603859827392512,
                  "safe_epoch_ts" : "2022-12-28T11:08:56.917Z",
                  "max_committed_epoch" : 3603859827458048,
                  "max_committed_epoch_ts" : "2022-12-28T11:08:56.918Z",
                  "created_at" : "2026-01-02T03:04:05.678Z",
                  "etcd_revision" : 17,
                  "cluster_id" : "c-1",
                  "key_count" : 1000,
                  "object_bytes" : 4096,
                  "sha256" : "ab12",
                  "ssts" : 2,
                  "hummock_layout" : "risingwave",
                  "self_contained" : false,
                  "sst_copy" : {
                    "self_contained" : false,
                    "missing" : [ 15 ],
                    "copied" : 1,
                    "bytes_copied" : 100,
                    "shared" : 0,
                    "bytes_shared" : 0
                  },
                  "last_verified_at" : "2026-01-02T04:00:00.000Z",
                  "last_verify_result" : "ok",
                  "remarks" : "nightly"
                }, {
                  "meta_snapshot_id" : 5,
                  "hummock_version_id" : 10,
                  "safe_epoch" : 0,
                  "safe_epoch_ts" : "",
                  "max_committed_epoch" : 0,
                  "max_committed_epoch_ts" : "",
                  "created_at" : "2026-01-03T00:00:00.000Z",
                  "etcd_revision" : 18,
                  "key_count" : 0,
                  "object_bytes" : 0,
                  "ssts" : 0,
                  "hummock_layout" : "metasnap"
                } ]"""),
            Arguments.of("list-empty", ListCommand.rows(new BackupManifest(0, 0, List.of())),
                """
                [ ]"""),
            Arguments.of("holder", LockCommand.Holder.of(HOLDER),
                """
                {
                  "holder" : "backup (pid 12 on elsewhere.invalid, job execution 99, run run-1) since 2026-01-01T00:00:00Z, expires 2026-01-01T06:00:00Z",
                  "command" : "backup",
                  "run_id" : "run-1",
                  "host" : "elsewhere.invalid",
                  "pid" : 12,
                  "alive_here" : false,
                  "job_execution_id" : 99,
                  "acquired_at" : "2026-01-01T00:00:00Z",
                  "expires_at" : "2026-01-01T06:00:00Z"
                }"""),
            Arguments.of("holder-sparse", LockCommand.Holder.of(SPARSE),
                """
                {
                  "holder" : "null (pid 0 on null, run run-2) since null, expires null",
                  "run_id" : "run-2",
                  "pid" : 0,
                  "alive_here" : false,
                  "job_execution_id" : 0
                }"""),
            Arguments.of("lock-show-held", new LockCommand.ShowDocument(LOCATION, true, LockCommand.Holder.of(HOLDER)),
                """
                {
                  "location" : "fs:///b directory 'backup'",
                  "locked" : true,
                  "lock" : {
                    "holder" : "backup (pid 12 on elsewhere.invalid, job execution 99, run run-1) since 2026-01-01T00:00:00Z, expires 2026-01-01T06:00:00Z",
                    "command" : "backup",
                    "run_id" : "run-1",
                    "host" : "elsewhere.invalid",
                    "pid" : 12,
                    "alive_here" : false,
                    "job_execution_id" : 99,
                    "acquired_at" : "2026-01-01T00:00:00Z",
                    "expires_at" : "2026-01-01T06:00:00Z"
                  }
                }"""),
            Arguments.of("lock-show-free", new LockCommand.ShowDocument(LOCATION, false, null),
                """
                {
                  "location" : "fs:///b directory 'backup'",
                  "locked" : false
                }"""),
            Arguments.of("epoch-offline", new EpochCommand.Document(EPOCH, new Epoch(EPOCH).formatTime(), null, null),
                """
                {
                  "epoch" : 3603859827458048,
                  "time" : "2022-12-28T11:08:56.918Z"
                }"""),
            Arguments.of("epoch-zero", new EpochCommand.Document(0, new Epoch(0).formatTime(), null, null),
                """
                {
                  "epoch" : 0,
                  "time" : ""
                }"""),
            Arguments.of("epoch-covered", new EpochCommand.Document(EPOCH, new Epoch(EPOCH).formatTime(), List.of(4L, 5L), null),
                """
                {
                  "epoch" : 3603859827458048,
                  "time" : "2022-12-28T11:08:56.918Z",
                  "covering_snapshots" : [ 4, 5 ]
                }"""),
            Arguments.of("epoch-nearest", new EpochCommand.Document(EPOCH, new Epoch(EPOCH).formatTime(), List.of(), 5L),
                """
                {
                  "epoch" : 3603859827458048,
                  "time" : "2022-12-28T11:08:56.918Z",
                  "covering_snapshots" : [ ],
                  "nearest_snapshot" : 5
                }"""),
            Arguments.of("epoch-none", new EpochCommand.Document(EPOCH, new Epoch(EPOCH).formatTime(), List.of(), null),
                """
                {
                  "epoch" : 3603859827458048,
                  "time" : "2022-12-28T11:08:56.918Z",
                  "covering_snapshots" : [ ]
                }"""),
            Arguments.of("pinned", new PinnedSstsCommand.Document(MANIFEST.ids(), MANIFEST.pinnedSsts()),
                """
                {
                  "snapshots" : [ 4, 5 ],
                  "pinned_ssts" : [ 12, 15 ]
                }"""),
            Arguments.of("show", ShowCommand.document(FULL, families(), null),
                """
                {
                  "meta_snapshot_id" : 4,
                  "etcd_revision" : 17,
                  "cluster_id" : "c-1",
                  "hummock_version_id" : 9,
                  "hummock_layout" : "risingwave",
                  "pinned_sst_count" : 2,
                  "column_families" : [ {
                    "column_family" : "cf/a",
                    "keys" : 3,
                    "bytes" : 300
                  }, {
                    "column_family" : "cf/b",
                    "keys" : 1,
                    "bytes" : 10
                  } ]
                }"""),
            Arguments.of("show-bare", ShowCommand.document(BARE, new TreeMap<>(), null),
                """
                {
                  "meta_snapshot_id" : 5,
                  "etcd_revision" : 18,
                  "hummock_version_id" : 10,
                  "hummock_layout" : "metasnap",
                  "pinned_sst_count" : 0,
                  "column_families" : [ ]
                }"""),
            Arguments.of("show-keys", ShowCommand.document(FULL, families(), List.of(new ShowCommand.Key("cf/a/1", null), new ShowCommand.Key("cf/a/2", null))),
                """
                {
                  "meta_snapshot_id" : 4,
                  "etcd_revision" : 17,
                  "cluster_id" : "c-1",
                  "hummock_version_id" : 9,
                  "hummock_layout" : "risingwave",
                  "pinned_sst_count" : 2,
                  "column_families" : [ {
                    "column_family" : "cf/a",
                    "keys" : 3,
                    "bytes" : 300
                  }, {
                    "column_family" : "cf/b",
                    "keys" : 1,
                    "bytes" : 10
                  } ],
                  "keys" : [ {
                    "key" : "cf/a/1"
                  }, {
                    "key" : "cf/a/2"
                  } ]
                }"""),
            Arguments.of("show-values", ShowCommand.document(FULL, families(), List.of(new ShowCommand.Key("cf/a/1", "v1"))),
                """
                {
                  "meta_snapshot_id" : 4,
                  "etcd_revision" : 17,
                  "cluster_id" : "c-1",
                  "hummock_version_id" : 9,
                  "hummock_layout" : "risingwave",
                  "pinned_sst_count" : 2,
                  "column_families" : [ {
                    "column_family" : "cf/a",
                    "keys" : 3,
                    "bytes" : 300
                  }, {
                    "column_family" : "cf/b",
                    "keys" : 1,
                    "bytes" : 10
                  } ],
                  "keys" : [ {
                    "key" : "cf/a/1",
                    "value" : "v1"
                  } ]
                }"""),
            Arguments.of("show-keys-none", ShowCommand.document(BARE, new TreeMap<>(), List.of()),
                """
                {
                  "meta_snapshot_id" : 5,
                  "etcd_revision" : 18,
                  "hummock_version_id" : 10,
                  "hummock_layout" : "metasnap",
                  "pinned_sst_count" : 0,
                  "column_families" : [ ],
                  "keys" : [ ]
                }"""),
            Arguments.of("diff", DiffCommand.document(1, 2, changes(), null),
                """
                {
                  "from_snapshot_id" : 1,
                  "to_snapshot_id" : 2,
                  "column_families" : [ {
                    "column_family" : "cf/a",
                    "added" : 1,
                    "removed" : 2,
                    "changed" : 3
                  } ]
                }"""),
            Arguments.of("diff-keys", DiffCommand.document(1, 2, changes(), List.of(new DiffCommand.KeyChange("added", "cf/a/1"), new DiffCommand.KeyChange("changed", "cf/a/2"))),
                """
                {
                  "from_snapshot_id" : 1,
                  "to_snapshot_id" : 2,
                  "column_families" : [ {
                    "column_family" : "cf/a",
                    "added" : 1,
                    "removed" : 2,
                    "changed" : 3
                  } ],
                  "keys" : [ {
                    "change" : "added",
                    "key" : "cf/a/1"
                  }, {
                    "change" : "changed",
                    "key" : "cf/a/2"
                  } ]
                }"""),
            Arguments.of("diff-same", DiffCommand.document(2, 2, new TreeMap<>(), List.of()),
                """
                {
                  "from_snapshot_id" : 2,
                  "to_snapshot_id" : 2,
                  "column_families" : [ ],
                  "keys" : [ ]
                }"""),
            Arguments.of("status", new StatusCommand.Document(LOCATION, CHECKED_AT, new StatusCommand.Cluster(List.of("http://127.0.0.1:2379"), true, true, 18L, null),
                        2, StatusCommand.SnapshotAge.of(BARE, NOW), StatusCommand.SnapshotAge.of(BARE, NOW), StatusCommand.SnapshotAge.of(FULL, NOW), 2,
                        LockCommand.Holder.of(HOLDER), 4096, 3, new StatusCommand.FailedJob(7, "backup", "2026-01-02T00:00:00.123", "-", "FAILED",
                        "exportMetaKeys", "etcd did not answer", null), 3600L, false),
                """
                {
                  "location" : "fs:///b directory 'backup'",
                  "checked_at" : "2026-01-03T00:00:01Z",
                  "cluster" : {
                    "endpoints" : [ "http://127.0.0.1:2379" ],
                    "checked" : true,
                    "reachable" : true,
                    "etcd_revision" : 18
                  },
                  "snapshot_count" : 2,
                  "newest_snapshot" : {
                    "id" : 5,
                    "created_at" : "2026-01-03T00:00:00.000Z",
                    "age_seconds" : 1
                  },
                  "newest_good_snapshot" : {
                    "id" : 5,
                    "created_at" : "2026-01-03T00:00:00.000Z",
                    "age_seconds" : 1
                  },
                  "newest_verified_snapshot" : {
                    "id" : 4,
                    "created_at" : "2026-01-02T03:04:05.678Z",
                    "age_seconds" : 75355,
                    "last_verified_at" : "2026-01-02T04:00:00.000Z",
                    "last_verify_result" : "ok"
                  },
                  "pinned_sst_count" : 2,
                  "lock" : {
                    "holder" : "backup (pid 12 on elsewhere.invalid, job execution 99, run run-1) since 2026-01-01T00:00:00Z, expires 2026-01-01T06:00:00Z",
                    "command" : "backup",
                    "run_id" : "run-1",
                    "host" : "elsewhere.invalid",
                    "pid" : 12,
                    "alive_here" : false,
                    "job_execution_id" : 99,
                    "acquired_at" : "2026-01-01T00:00:00Z",
                    "expires_at" : "2026-01-01T06:00:00Z"
                  },
                  "disk_bytes" : 4096,
                  "object_count" : 3,
                  "last_failed_job" : {
                    "id" : 7,
                    "job" : "backup",
                    "started_at" : "2026-01-02T00:00:00.123",
                    "ended_at" : "-",
                    "exit_code" : "FAILED",
                    "failed_step" : "exportMetaKeys",
                    "exit_message" : "etcd did not answer"
                  },
                  "max_age_seconds" : 3600,
                  "stale" : false
                }"""),
            Arguments.of("status-sparse", new StatusCommand.Document(LOCATION, CHECKED_AT, new StatusCommand.Cluster(List.of("http://127.0.0.1:2379", "http://127.0.0.1:2380"), false,
                        null, null, null), 0, null, null, null, 0, null, 0, 0, null, null, null),
                """
                {
                  "location" : "fs:///b directory 'backup'",
                  "checked_at" : "2026-01-03T00:00:01Z",
                  "cluster" : {
                    "endpoints" : [ "http://127.0.0.1:2379", "http://127.0.0.1:2380" ],
                    "checked" : false
                  },
                  "snapshot_count" : 0,
                  "pinned_sst_count" : 0,
                  "disk_bytes" : 0,
                  "object_count" : 0
                }"""),
            Arguments.of("status-unreachable", new StatusCommand.Document(LOCATION, CHECKED_AT, new StatusCommand.Cluster(List.of("http://127.0.0.1:2379"), true, false, null,
                        "cannot reach etcd"), 1, StatusCommand.SnapshotAge.of(FULL, NOW), null, null, 2, null, 4096, 3,
                        new StatusCommand.FailedJob(7, "prune", "-", "-", null, null, "", 8L), 60L, true),
                """
                {
                  "location" : "fs:///b directory 'backup'",
                  "checked_at" : "2026-01-03T00:00:01Z",
                  "cluster" : {
                    "endpoints" : [ "http://127.0.0.1:2379" ],
                    "checked" : true,
                    "reachable" : false,
                    "error" : "cannot reach etcd"
                  },
                  "snapshot_count" : 1,
                  "newest_snapshot" : {
                    "id" : 4,
                    "created_at" : "2026-01-02T03:04:05.678Z",
                    "age_seconds" : 75355,
                    "last_verified_at" : "2026-01-02T04:00:00.000Z",
                    "last_verify_result" : "ok"
                  },
                  "pinned_sst_count" : 2,
                  "disk_bytes" : 4096,
                  "object_count" : 3,
                  "last_failed_job" : {
                    "id" : 7,
                    "job" : "prune",
                    "started_at" : "-",
                    "ended_at" : "-",
                    "exit_message" : "",
                    "restarted_as" : 8
                  },
                  "max_age_seconds" : 60,
                  "stale" : true
                }"""),
            Arguments.of("status-unknown-job", new StatusCommand.Document(LOCATION, CHECKED_AT, new StatusCommand.Cluster(List.of("http://127.0.0.1:2379"), false, null, null, null),
                        0, null, null, null, 0, null, 0, 0, new StatusCommand.UnknownFailedJob(null), null, null),
                """
                {
                  "location" : "fs:///b directory 'backup'",
                  "checked_at" : "2026-01-03T00:00:01Z",
                  "cluster" : {
                    "endpoints" : [ "http://127.0.0.1:2379" ],
                    "checked" : false
                  },
                  "snapshot_count" : 0,
                  "pinned_sst_count" : 0,
                  "disk_bytes" : 0,
                  "object_count" : 0,
                  "last_failed_job" : { }
                }"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void aDocumentPrintsAsItAlwaysHas(String name, Object document, String expected) {
        assertEquals(expected, Json.writeString(document), name);
    }
}
