package dev.metasnap.core.hummock.rw;

import java.util.Arrays;
import java.util.List;

/**
 * One {@code SstableInfo}. Only object_id, sst_id, file_size and table_ids are interpreted;
 * {@code encoded} is the message as stored, so key_range and the fields this build does not know
 * survive a decode/encode round trip.
 */
public record RwSst(long objectId, long sstId, long fileSize, List<Integer> tableIds, byte[] encoded) {

    public RwSst {
        tableIds = List.copyOf(tableIds);
        encoded = encoded.clone();
    }

    /** An SST with no key range, for tests and generated clusters. */
    public static RwSst of(long objectId, long sstId, long fileSize, List<Integer> tableIds) {
        return RwHummockCodec.decodeSst(RwHummockCodec.encodeSst(objectId, sstId, fileSize, tableIds));
    }

    /** The same object under another sst_id, as a compaction-group split makes it; other fields kept verbatim. */
    public RwSst withSstId(long newSstId) {
        return new RwSst(objectId, newSstId, fileSize, tableIds, RwHummockCodec.replaceSstId(encoded, newSstId));
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The stored bytes without a copy, for the codec. */
    byte[] encodedBytes() {
        return encoded;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RwSst s && objectId == s.objectId && sstId == s.sstId && fileSize == s.fileSize
                && tableIds.equals(s.tableIds) && Arrays.equals(encoded, s.encoded);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sstId) * 31 + Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "RwSst[object " + objectId + ", sst " + sstId + ", " + fileSize + " bytes, tables " + tableIds + "]";
    }
}
