package dev.metasnap.core.hummock.rw;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.WireFormat;
import dev.metasnap.core.hummock.HummockFormatException;
import dev.metasnap.core.hummock.proto.Hummock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Decodes and encodes RisingWave's {@code HummockVersionCheckpoint} and {@code HummockVersionDelta}
 * with the classes generated from core/src/main/proto. Fields this build does not declare (a newer
 * RisingWave's) are kept as unknown fields and written back, so nothing is lost on a re-encode; a
 * declared field of the wrong wire type, which protobuf-java would also keep as unknown, is refused,
 * because the field then reads as absent. Malformed input throws HummockFormatException naming the byte.
 */
public final class RwHummockCodec {

    private static final String CHECKPOINT = "hummock checkpoint";
    private static final String DELTA = "hummock delta";

    private RwHummockCodec() {
    }

    public static RwVersion decodeCheckpoint(byte[] bytes) {
        return new RwVersion(parse(CHECKPOINT, Hummock.HummockVersionCheckpoint.parser(), bytes).getVersion());
    }

    /** A checkpoint with no stale objects, as RisingWave's own restore writes it. */
    public static byte[] encodeCheckpoint(RwVersion version) {
        return encode(Hummock.HummockVersionCheckpoint.newBuilder().setVersion(version.message()).build());
    }

    public static RwDelta decodeDelta(byte[] bytes) {
        return new RwDelta(parse(DELTA, Hummock.HummockVersionDelta.parser(), bytes));
    }

    public static byte[] encodeDelta(RwDelta delta) {
        return encode(delta.message());
    }

    private static <T extends Message> T parse(String what, Parser<T> parser, byte[] bytes) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        T message;
        try {
            message = parser.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new HummockFormatException(what + ": malformed protobuf at byte " + in.getTotalBytesRead() + " of "
                    + bytes.length + " (" + e.getMessage() + ")");
        }
        requireDeclaredWireTypes(what, message);
        return message;
    }

    /** Map entries in key order, so one version always encodes to the same bytes. */
    private static byte[] encode(Message message) {
        byte[] bytes = new byte[message.getSerializedSize()];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.useDeterministicSerialization();
        try {
            message.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("encoding " + message.getDescriptorForType().getFullName() + " into an array", e);
        }
        out.checkNoSpaceLeft();
        return bytes;
    }

    /** Walks the decoded tree for unknown fields whose number a declared field has. */
    private static void requireDeclaredWireTypes(String what, Message message) {
        Descriptor type = message.getDescriptorForType();
        for (Map.Entry<Integer, UnknownFieldSet.Field> unknown : message.getUnknownFields().asMap().entrySet()) {
            FieldDescriptor declared = type.findFieldByNumber(unknown.getKey());
            if (declared != null) {
                throw new HummockFormatException(what + ": field " + declared.getName() + " (" + declared.getNumber() + ") of "
                        + type.getFullName() + " has wire type " + wireType(unknown.getValue()) + ", expected "
                        + declared.getLiteType().getWireType());
            }
        }
        for (FieldDescriptor field : type.getFields()) {
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.isRepeated()) {
                for (int i = 0, n = message.getRepeatedFieldCount(field); i < n; i++) {
                    requireDeclaredWireTypes(what, (Message) message.getRepeatedField(field, i));
                }
            } else if (message.hasField(field)) {
                requireDeclaredWireTypes(what, (Message) message.getField(field));
            }
        }
    }

    private static int wireType(UnknownFieldSet.Field field) {
        if (!field.getVarintList().isEmpty()) {
            return WireFormat.WIRETYPE_VARINT;
        }
        if (!field.getFixed64List().isEmpty()) {
            return WireFormat.WIRETYPE_FIXED64;
        }
        if (!field.getLengthDelimitedList().isEmpty()) {
            return WireFormat.WIRETYPE_LENGTH_DELIMITED;
        }
        return field.getGroupList().isEmpty() ? WireFormat.WIRETYPE_FIXED32 : WireFormat.WIRETYPE_START_GROUP;
    }
}
