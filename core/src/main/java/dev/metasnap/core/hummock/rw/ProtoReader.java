package dev.metasnap.core.hummock.rw;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.metasnap.core.hummock.HummockFormatException;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Walks the fields of one protobuf message. Offsets in errors are counted from the start of the
 * outermost message, so "truncated protobuf at byte 17" points into the stored value.
 */
final class ProtoReader {

    private final String what;
    private final byte[] bytes;
    private final int base;
    private final CodedInputStream in;
    private int tag;
    private int tagStart;

    private ProtoReader(String what, byte[] bytes, int base) {
        this.what = what;
        this.bytes = bytes;
        this.base = base;
        this.in = CodedInputStream.newInstance(bytes);
    }

    /** {@code what} names the stored value in errors, e.g. "hummock delta". */
    static ProtoReader of(String what, byte[] bytes) {
        return new ProtoReader(what, bytes, 0);
    }

    /** The next field's number, or 0 at the end of the message. */
    int next() {
        tagStart = in.getTotalBytesRead();
        tag = 0;
        try {
            tag = in.readTag();
        } catch (IOException e) {
            throw malformed(e);
        }
        return WireFormat.getTagFieldNumber(tag);
    }

    boolean isLengthDelimited() {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    long u64() {
        expect(WireFormat.WIRETYPE_VARINT);
        try {
            return in.readUInt64();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    int u32() {
        return (int) u64();
    }

    boolean bool() {
        return u64() != 0;
    }

    /** A length-delimited field's payload. */
    byte[] bytes() {
        expect(WireFormat.WIRETYPE_LENGTH_DELIMITED);
        try {
            return in.readByteArray();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** A nested message, read by a reader that reports offsets in the outer message. */
    ProtoReader message() {
        byte[] payload = bytes();
        return new ProtoReader(what, payload, base + in.getTotalBytesRead() - payload.length);
    }

    /** A reader of an absent nested message: proto3 reads it as the default message. */
    ProtoReader empty() {
        return new ProtoReader(what, new byte[0], base);
    }

    /** The bytes of the message this reader walks, as stored. */
    byte[] payload() {
        return bytes;
    }

    /** Repeated uint32, packed (what prost writes) or one value per field (also legal). */
    void u32s(List<Integer> into) {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            into.add(u32());
            return;
        }
        ProtoReader packed = message();
        packed.tag = tag;
        while (!packed.atEnd()) {
            into.add((int) packed.varint());
        }
    }

    /** Repeated uint64, packed or not. */
    void u64s(List<Long> into) {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            into.add(u64());
            return;
        }
        ProtoReader packed = message();
        packed.tag = tag;
        while (!packed.atEnd()) {
            into.add(packed.varint());
        }
    }

    /** Skips a field this build does not interpret (a newer RisingWave may add fields). */
    void skip() {
        try {
            if (!in.skipField(tag)) {
                throw new HummockFormatException(what + ": unexpected end-group tag at byte " + (base + tagStart));
            }
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    /** Skips the current field and returns its tag and value verbatim, to be written back unchanged. */
    byte[] raw() {
        skip();
        return Arrays.copyOfRange(bytes, tagStart, in.getTotalBytesRead());
    }

    private boolean atEnd() {
        try {
            return in.isAtEnd();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private long varint() {
        tagStart = in.getTotalBytesRead();
        try {
            return in.readUInt64();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private void expect(int wireType) {
        int found = WireFormat.getTagWireType(tag);
        if (found != wireType) {
            throw new HummockFormatException(what + ": field " + WireFormat.getTagFieldNumber(tag) + " has wire type "
                    + found + ", expected " + wireType + ", at byte " + (base + tagStart));
        }
    }

    private HummockFormatException malformed(IOException e) {
        int at = base + tagStart;
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof InvalidProtocolBufferException && message.contains("ended unexpectedly")) {
            String field = tag == 0 ? "a field tag" : "field " + WireFormat.getTagFieldNumber(tag);
            return new HummockFormatException(what + ": truncated protobuf at byte " + at + " (" + field
                    + " runs past byte " + (base + bytes.length) + ")");
        }
        return new HummockFormatException(what + ": malformed protobuf at byte " + at + " (" + message + ")");
    }
}
