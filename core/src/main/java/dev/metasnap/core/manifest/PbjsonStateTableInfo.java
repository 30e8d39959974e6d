package dev.metasnap.core.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import dev.metasnap.core.hummock.StateTableInfo;
import java.io.IOException;

/**
 * A {@code state_table_info} value as RisingWave 1.10 writes and reads it: protobuf JSON
 * ({@code hummock.StateTableInfo} via pbjson), so u64 fields are strings, zero fields are left out
 * and names are camelCase. RisingWave's reader refuses unknown keys in it, so nothing else is written.
 * Read leniently as pbjson reads: numbers or strings, camelCase or snake_case (metasnap's own
 * earlier manifests wrote snake_case numbers).
 */
final class PbjsonStateTableInfo {

    private PbjsonStateTableInfo() {
    }

    static final class Writer extends JsonSerializer<StateTableInfo> {
        @Override
        public void serialize(StateTableInfo info, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartObject();
            writeNonZero(out, "committedEpoch", info.committedEpoch());
            writeNonZero(out, "safeEpoch", info.safeEpoch());
            writeNonZero(out, "compactionGroupId", info.compactionGroupId());
            out.writeEndObject();
        }

        private static void writeNonZero(JsonGenerator out, String name, long value) throws IOException {
            if (value != 0) {
                out.writeStringField(name, Long.toUnsignedString(value));
            }
        }
    }

    static final class Reader extends JsonDeserializer<StateTableInfo> {
        @Override
        public StateTableInfo deserialize(JsonParser in, DeserializationContext context) throws IOException {
            JsonNode node = in.readValueAsTree();
            if (!node.isObject()) {
                throw new IOException("state_table_info value is not an object: " + node);
            }
            return new StateTableInfo(u64(node, "committedEpoch", "committed_epoch"), u64(node, "safeEpoch", "safe_epoch"),
                    u64(node, "compactionGroupId", "compaction_group_id"));
        }

        private static long u64(JsonNode node, String camel, String snake) throws IOException {
            JsonNode value = node.has(camel) ? node.get(camel) : node.get(snake);
            if (value == null || value.isNull()) {
                return 0;
            }
            String text = value.isTextual() ? value.textValue() : value.isIntegralNumber() ? value.bigIntegerValue().toString() : null;
            try {
                if (text == null) {
                    throw new NumberFormatException("not an integer");
                }
                return Long.parseUnsignedLong(text);
            } catch (NumberFormatException e) {
                throw new IOException("state_table_info field " + camel + " is not a u64: " + value);
            }
        }
    }
}
