package dev.metasnap.core.hummock.rw;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Decodes and encodes RisingWave 1.x's {@code HummockVersionCheckpoint} and {@code HummockVersionDelta}
 * (proto/hummock.proto, package hummock) by hand: field numbers are in this one class, for both directions.
 * Fields this build does not interpret are skipped on decode, so a newer minor version still decodes; an
 * SstableInfo keeps its bytes verbatim. Malformed input throws HummockFormatException naming the byte.
 */
public final class RwHummockCodec {

    private static final String CHECKPOINT = "hummock checkpoint";
    private static final String DELTA = "hummock delta";

    private RwHummockCodec() {
    }

    public static RwVersion decodeCheckpoint(byte[] bytes) {
        ProtoReader r = ProtoReader.of(CHECKPOINT, bytes);
        RwVersion version = null;
        for (int field; (field = r.next()) != 0; ) {
            if (field == 1) {
                version = decodeVersion(r.message());
            } else {
                r.skip(); // 2 = stale_objects: objects already unreferenced, waiting for GC
            }
        }
        return version != null ? version : decodeVersion(r.empty());
    }

    /** A checkpoint with no stale objects, as RisingWave's own restore writes it. */
    public static byte[] encodeCheckpoint(RwVersion version) {
        return new ProtoWriter().bytes(1, encodeVersion(version)).toByteArray();
    }

    public static RwDelta decodeDelta(byte[] bytes) {
        ProtoReader r = ProtoReader.of(DELTA, bytes);
        long id = 0;
        long prevId = 0;
        long maxCommittedEpoch = 0;
        long safeEpoch = 0;
        boolean trivialMove = false;
        SortedMap<Long, List<RwGroupDelta>> groupDeltas = new TreeMap<>();
        List<Integer> removedTableIds = new ArrayList<>();
        SortedMap<Integer, RwChangeLogDelta> changeLogDelta = new TreeMap<>();
        SortedMap<Integer, RwStateTableInfo> stateTableInfoDelta = new TreeMap<>();
        ByteArrayOutputStream watermarks = new ByteArrayOutputStream();
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> id = r.u64();
                case 2 -> prevId = r.u64();
                case 3 -> {
                    MapEntry entry = MapEntry.read(r.message());
                    groupDeltas.put(entry.key, decodeGroupDeltas(entry.value));
                }
                case 4 -> maxCommittedEpoch = r.u64();
                case 5 -> safeEpoch = r.u64();
                case 6 -> trivialMove = r.bool();
                case 8 -> watermarks.writeBytes(r.raw());
                case 9 -> r.u32s(removedTableIds);
                case 10 -> {
                    MapEntry entry = MapEntry.read(r.message());
                    changeLogDelta.put((int) entry.key, decodeChangeLogDelta(entry.value));
                }
                case 11 -> {
                    MapEntry entry = MapEntry.read(r.message());
                    stateTableInfoDelta.put((int) entry.key, decodeStateTableInfo(entry.value));
                }
                default -> r.skip(); // 7 = gc_object_ids (to 1.8): a GC hint, not part of the version
            }
        }
        return new RwDelta(id, prevId, maxCommittedEpoch, safeEpoch, trivialMove, groupDeltas, removedTableIds,
                changeLogDelta, stateTableInfoDelta, watermarks.toByteArray());
    }

    public static byte[] encodeDelta(RwDelta delta) {
        ProtoWriter w = new ProtoWriter().u64(1, delta.id()).u64(2, delta.prevId());
        delta.groupDeltas().forEach((group, deltas) -> {
            ProtoWriter groupDeltas = new ProtoWriter();
            deltas.forEach(d -> groupDeltas.bytes(1, encodeGroupDelta(d)));
            w.bytes(3, new ProtoWriter().u64(1, group).bytes(2, groupDeltas.toByteArray()).toByteArray());
        });
        w.u64(4, delta.maxCommittedEpoch()).u64(5, delta.safeEpoch()).bool(6, delta.trivialMove())
                .raw(delta.newTableWatermarkBytes()).u32s(9, delta.removedTableIds());
        delta.changeLogDelta().forEach((table, change) -> w.bytes(10, new ProtoWriter().u32(1, table)
                .bytes(2, new ProtoWriter().bytes(1, encodeChangeLog(change.newLog()))
                        .u64(2, change.truncateEpoch()).toByteArray())
                .toByteArray()));
        delta.stateTableInfoDelta().forEach((table, info) ->
                w.bytes(11, new ProtoWriter().u32(1, table).bytes(2, encodeStateTableInfo(info)).toByteArray()));
        return w.toByteArray();
    }

    // ---- HummockVersion

    private static RwVersion decodeVersion(ProtoReader r) {
        long id = 0;
        long maxCommittedEpoch = 0;
        long safeEpoch = 0;
        SortedMap<Long, RwGroup> groups = new TreeMap<>();
        SortedMap<Integer, List<RwChangeLog>> changeLogs = new TreeMap<>();
        SortedMap<Integer, RwStateTableInfo> stateTableInfo = new TreeMap<>();
        ByteArrayOutputStream watermarks = new ByteArrayOutputStream();
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> id = r.u64();
                case 2 -> {
                    MapEntry entry = MapEntry.read(r.message());
                    groups.put(entry.key, decodeGroup(entry.value));
                }
                case 3 -> maxCommittedEpoch = r.u64();
                case 4 -> safeEpoch = r.u64();
                case 5 -> watermarks.writeBytes(r.raw());
                case 6 -> {
                    MapEntry entry = MapEntry.read(r.message());
                    changeLogs.put((int) entry.key, decodeTableChangeLog(entry.value));
                }
                case 7 -> {
                    MapEntry entry = MapEntry.read(r.message());
                    stateTableInfo.put((int) entry.key, decodeStateTableInfo(entry.value));
                }
                default -> r.skip();
            }
        }
        return new RwVersion(id, maxCommittedEpoch, safeEpoch, groups, stateTableInfo, changeLogs,
                watermarks.toByteArray());
    }

    private static byte[] encodeVersion(RwVersion v) {
        ProtoWriter w = new ProtoWriter().u64(1, v.id());
        v.groups().forEach((groupId, group) ->
                w.bytes(2, new ProtoWriter().u64(1, groupId).bytes(2, encodeGroup(group)).toByteArray()));
        w.u64(3, v.maxCommittedEpoch()).u64(4, v.safeEpoch()).raw(v.tableWatermarkBytes());
        v.tableChangeLogs().forEach((table, log) -> {
            ProtoWriter changeLog = new ProtoWriter();
            log.forEach(entry -> changeLog.bytes(1, encodeChangeLog(entry)));
            w.bytes(6, new ProtoWriter().u32(1, table).bytes(2, changeLog.toByteArray()).toByteArray());
        });
        v.stateTableInfo().forEach((table, info) ->
                w.bytes(7, new ProtoWriter().u32(1, table).bytes(2, encodeStateTableInfo(info)).toByteArray()));
        return w.toByteArray();
    }

    // ---- HummockVersion.Levels, OverlappingLevel, Level

    private static RwGroup decodeGroup(ProtoReader r) {
        List<RwLevel> levels = new ArrayList<>();
        List<RwLevel> l0 = new ArrayList<>();
        long groupId = 0;
        long parentGroupId = 0;
        List<Integer> members = new ArrayList<>();
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> levels.add(decodeLevel(r.message()));
                case 2 -> {
                    ProtoReader overlapping = r.message();
                    for (int f; (f = overlapping.next()) != 0; ) {
                        if (f == 1) {
                            l0.add(decodeLevel(overlapping.message()));
                        } else {
                            overlapping.skip(); // sizes, recomputed on encode
                        }
                    }
                }
                case 3 -> groupId = r.u64();
                case 4 -> parentGroupId = r.u64();
                case 5 -> r.u32s(members);
                default -> r.skip();
            }
        }
        return new RwGroup(groupId, parentGroupId, members, l0, levels);
    }

    private static byte[] encodeGroup(RwGroup g) {
        ProtoWriter w = new ProtoWriter();
        g.levels().forEach(level -> w.bytes(1, encodeLevel(level)));
        ProtoWriter l0 = new ProtoWriter();
        long l0Size = 0;
        for (RwLevel sub : g.l0SubLevels()) {
            l0.bytes(1, encodeLevel(sub));
            l0Size += sub.totalFileSize();
        }
        return w.bytes(2, l0.u64(2, l0Size).toByteArray()).u64(3, g.groupId()).u64(4, g.parentGroupId())
                .u32s(5, g.memberTableIds()).toByteArray();
    }

    private static RwLevel decodeLevel(ProtoReader r) {
        int levelIdx = 0;
        int levelType = 0;
        long subLevelId = 0;
        List<RwSst> ssts = new ArrayList<>();
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> levelIdx = r.u32();
                case 2 -> levelType = r.u32();
                case 3 -> ssts.add(decodeSst(r.message()));
                case 5 -> subLevelId = r.u64();
                default -> r.skip(); // 4 = total_file_size, recomputed on encode
            }
        }
        return new RwLevel(levelIdx, levelType, subLevelId, ssts);
    }

    private static byte[] encodeLevel(RwLevel level) {
        ProtoWriter w = new ProtoWriter().u32(1, level.levelIdx()).u32(2, level.levelType());
        level.ssts().forEach(sst -> w.bytes(3, sst.encodedBytes()));
        return w.u64(4, level.totalFileSize()).u64(5, level.subLevelId()).toByteArray();
    }

    // ---- SstableInfo

    static RwSst decodeSst(byte[] bytes) {
        return decodeSst(ProtoReader.of("hummock sstable info", bytes));
    }

    private static RwSst decodeSst(ProtoReader r) {
        long objectId = 0;
        long sstId = 0;
        long fileSize = 0;
        List<Integer> tableIds = new ArrayList<>();
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> objectId = r.u64();
                case 2 -> sstId = r.u64();
                case 4 -> fileSize = r.u64();
                case 5 -> r.u32s(tableIds);
                default -> r.skip();
            }
        }
        return new RwSst(objectId, sstId, fileSize, tableIds, r.payload());
    }

    static byte[] encodeSst(long objectId, long sstId, long fileSize, List<Integer> tableIds) {
        return new ProtoWriter().u64(1, objectId).u64(2, sstId).u64(4, fileSize).u32s(5, tableIds).toByteArray();
    }

    /** The SstableInfo with its sst_id replaced in place and every other field kept verbatim. */
    static byte[] replaceSstId(byte[] encoded, long newSstId) {
        ProtoReader r = ProtoReader.of("hummock sstable info", encoded);
        ProtoWriter w = new ProtoWriter();
        boolean written = false;
        for (int field; (field = r.next()) != 0; ) {
            if (field == 2) {
                r.skip();
                if (!written) {
                    w.u64(2, newSstId);
                    written = true;
                }
            } else {
                w.raw(r.raw());
            }
        }
        if (!written) {
            w.u64(2, newSstId);
        }
        return w.toByteArray();
    }

    /** key_range.left of an SstableInfo (field 3, then 1): empty when absent, which RisingWave reads as -inf. */
    static byte[] leftKey(RwSst sst) {
        ProtoReader r = ProtoReader.of("hummock sstable info", sst.encodedBytes());
        for (int field; (field = r.next()) != 0; ) {
            if (field != 3) {
                r.skip();
                continue;
            }
            ProtoReader range = r.message();
            for (int f; (f = range.next()) != 0; ) {
                if (f == 1) {
                    return range.bytes();
                }
                range.skip();
            }
        }
        return new byte[0];
    }

    // ---- GroupDelta and its kinds

    private static List<RwGroupDelta> decodeGroupDeltas(ProtoReader r) {
        List<RwGroupDelta> deltas = new ArrayList<>();
        for (int field; (field = r.next()) != 0; ) {
            if (field != 1) {
                r.skip();
                continue;
            }
            ProtoReader groupDelta = r.message();
            for (int kind; (kind = groupDelta.next()) != 0; ) {
                switch (kind) {
                    case 1 -> deltas.add(decodeIntraLevel(groupDelta.message()));
                    case 2 -> deltas.add(decodeGroupConstruct(groupDelta.message()));
                    case 3 -> {
                        groupDelta.skip();
                        deltas.add(new RwGroupDelta.GroupDestroy());
                    }
                    default -> {
                        // A message-typed field is a oneof kind (kept); anything else is an unknown scalar.
                        if (groupDelta.isLengthDelimited()) {
                            deltas.add(new RwGroupDelta.Other(kind, groupDelta.bytes()));
                        } else {
                            groupDelta.skip();
                        }
                    }
                }
            }
        }
        return deltas;
    }

    private static byte[] encodeGroupDelta(RwGroupDelta delta) {
        ProtoWriter w = new ProtoWriter();
        if (delta instanceof RwGroupDelta.IntraLevel intra) {
            ProtoWriter body = new ProtoWriter().u32(1, intra.levelIdx()).u64(2, intra.l0SubLevelId())
                    .u64s(3, intra.removedSstIds());
            intra.inserted().forEach(sst -> body.bytes(4, sst.encodedBytes()));
            w.bytes(1, body.u32(5, intra.vnodePartitionCount()).toByteArray());
        } else if (delta instanceof RwGroupDelta.GroupConstruct c) {
            ProtoWriter body = new ProtoWriter();
            if (c.groupConfig().length > 0) {
                body.bytes(1, c.groupConfig());
            }
            w.bytes(2, body.u64(2, c.parentGroupId()).u32s(3, c.tableIds()).u64(4, c.groupId())
                    .u64(5, c.newSstStartId()).u32(6, c.compatibilityVersion()).toByteArray());
        } else if (delta instanceof RwGroupDelta.GroupDestroy) {
            w.bytes(3, new byte[0]);
        } else if (delta instanceof RwGroupDelta.Other other) {
            w.bytes(other.fieldNumber(), other.encoded());
        }
        return w.toByteArray();
    }

    private static RwGroupDelta.IntraLevel decodeIntraLevel(ProtoReader r) {
        int levelIdx = 0;
        long l0SubLevelId = 0;
        List<Long> removed = new ArrayList<>();
        List<RwSst> inserted = new ArrayList<>();
        int vnodePartitionCount = 0;
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> levelIdx = r.u32();
                case 2 -> l0SubLevelId = r.u64();
                case 3 -> r.u64s(removed);
                case 4 -> inserted.add(decodeSst(r.message()));
                case 5 -> vnodePartitionCount = r.u32();
                default -> r.skip();
            }
        }
        return new RwGroupDelta.IntraLevel(levelIdx, l0SubLevelId, removed, inserted, vnodePartitionCount);
    }

    private static RwGroupDelta.GroupConstruct decodeGroupConstruct(ProtoReader r) {
        byte[] config = new byte[0];
        long parentGroupId = 0;
        List<Integer> tableIds = new ArrayList<>();
        long groupId = 0;
        long newSstStartId = 0;
        int version = 0;
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> config = r.bytes();
                case 2 -> parentGroupId = r.u64();
                case 3 -> r.u32s(tableIds);
                case 4 -> groupId = r.u64();
                case 5 -> newSstStartId = r.u64();
                case 6 -> version = r.u32();
                default -> r.skip();
            }
        }
        return new RwGroupDelta.GroupConstruct(groupId, parentGroupId, tableIds, newSstStartId, version, config);
    }

    /** CompactionConfig.max_level (field 2), or 0 when the config is absent or does not set it. */
    static long maxLevel(byte[] groupConfig) {
        ProtoReader r = ProtoReader.of("hummock compaction config", groupConfig);
        long maxLevel = 0;
        for (int field; (field = r.next()) != 0; ) {
            if (field == 2) {
                maxLevel = r.u64();
            } else {
                r.skip();
            }
        }
        return maxLevel;
    }

    /** GroupMetaChange: table_ids_add (1), then table_ids_remove (2). */
    static List<List<Integer>> decodeGroupMetaChange(byte[] bytes) {
        ProtoReader r = ProtoReader.of("hummock group meta change", bytes);
        List<Integer> add = new ArrayList<>();
        List<Integer> remove = new ArrayList<>();
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> r.u32s(add);
                case 2 -> r.u32s(remove);
                default -> r.skip();
            }
        }
        return List.of(add, remove);
    }

    // ---- table change logs and state table info

    private static List<RwChangeLog> decodeTableChangeLog(ProtoReader r) {
        List<RwChangeLog> log = new ArrayList<>();
        for (int field; (field = r.next()) != 0; ) {
            if (field == 1) {
                log.add(decodeChangeLog(r.message()));
            } else {
                r.skip();
            }
        }
        return log;
    }

    private static RwChangeLog decodeChangeLog(ProtoReader r) {
        List<RwSst> oldValue = new ArrayList<>();
        List<RwSst> newValue = new ArrayList<>();
        List<Long> epochs = new ArrayList<>();
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> oldValue.add(decodeSst(r.message()));
                case 2 -> newValue.add(decodeSst(r.message()));
                case 3 -> r.u64s(epochs);
                default -> r.skip();
            }
        }
        return new RwChangeLog(oldValue, newValue, epochs);
    }

    private static byte[] encodeChangeLog(RwChangeLog log) {
        ProtoWriter w = new ProtoWriter();
        log.oldValue().forEach(sst -> w.bytes(1, sst.encodedBytes()));
        log.newValue().forEach(sst -> w.bytes(2, sst.encodedBytes()));
        return w.u64s(3, log.epochs()).toByteArray();
    }

    private static RwChangeLogDelta decodeChangeLogDelta(ProtoReader r) {
        RwChangeLog newLog = new RwChangeLog(List.of(), List.of(), List.of());
        long truncateEpoch = 0;
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> newLog = decodeChangeLog(r.message());
                case 2 -> truncateEpoch = r.u64();
                default -> r.skip();
            }
        }
        return new RwChangeLogDelta(newLog, truncateEpoch);
    }

    private static RwStateTableInfo decodeStateTableInfo(ProtoReader r) {
        long committedEpoch = 0;
        long safeEpoch = 0;
        long compactionGroupId = 0;
        for (int field; (field = r.next()) != 0; ) {
            switch (field) {
                case 1 -> committedEpoch = r.u64();
                case 2 -> safeEpoch = r.u64();
                case 3 -> compactionGroupId = r.u64();
                default -> r.skip();
            }
        }
        return new RwStateTableInfo(committedEpoch, safeEpoch, compactionGroupId);
    }

    private static byte[] encodeStateTableInfo(RwStateTableInfo info) {
        return new ProtoWriter().u64(1, info.committedEpoch()).u64(2, info.safeEpoch())
                .u64(3, info.compactionGroupId()).toByteArray();
    }

    /** One entry of a protobuf map: key (1) as an integer, value (2) as a message (default when absent). */
    private static final class MapEntry {
        long key;
        ProtoReader value;

        static MapEntry read(ProtoReader r) {
            MapEntry entry = new MapEntry();
            for (int field; (field = r.next()) != 0; ) {
                switch (field) {
                    case 1 -> entry.key = r.u64();
                    case 2 -> entry.value = r.message();
                    default -> r.skip();
                }
            }
            if (entry.value == null) {
                entry.value = r.empty();
            }
            return entry;
        }
    }
}
