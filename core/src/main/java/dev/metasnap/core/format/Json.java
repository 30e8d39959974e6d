package dev.metasnap.core.format;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/** The JSON settings of every document metasnap writes: snake_case names, unknown fields ignored when read (see {@link #propertyNames}). */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // a field kept only to be written back (another tool's) must come back digit for digit
            .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private Json() {
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) throws IOException {
        return MAPPER.readValue(bytes, type);
    }

    public static JsonNode readTree(byte[] bytes) throws IOException {
        return MAPPER.readTree(bytes);
    }

    public static <T> T fromTree(JsonNode tree, Class<T> type) throws IOException {
        return MAPPER.treeToValue(tree, type);
    }

    public static ObjectNode toTree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** The JSON names of {@code type}'s properties: a field of a document under any other name is one this build does not know. */
    public static Set<String> propertyNames(Class<?> type) {
        return MAPPER.getSerializationConfig().introspect(MAPPER.constructType(type)).findProperties().stream()
                .map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());
    }
}
