package dev.leanforge.loop.bus;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.util.Optional;

/**
 * {@link Optional} as its value or JSON {@code null} (the bridge's {@code Goal} has optional case tags and let
 * values). jackson-datatype-jdk8 is not available to this build, so this is the small part of it the messages need.
 */
final class OptionalJson {

    private OptionalJson() {}

    @SuppressWarnings({"rawtypes", "unchecked"})
    static SimpleModule module() {
        return new SimpleModule("leanforge-optional")
                .addSerializer((Class) Optional.class, new Writer())
                .addDeserializer((Class) Optional.class, new Reader(null));
    }

    private static final class Writer extends StdSerializer<Optional<?>> {
        @SuppressWarnings({"rawtypes", "unchecked"})
        Writer() {
            super((Class) Optional.class);
        }

        @Override
        public void serialize(Optional<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                provider.defaultSerializeValue(value.get(), gen);
            } else {
                gen.writeNull();
            }
        }
    }

    /** Reads the content as the declared type argument of the property, so {@code Optional<String>} stays exact. */
    private static final class Reader extends JsonDeserializer<Optional<?>> implements ContextualDeserializer {
        private final JavaType content;

        Reader(JavaType content) {
            this.content = content;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
            JavaType declared = property != null ? property.getType() : ctxt.getContextualType();
            JavaType contentType = declared != null && declared.containedTypeCount() == 1
                    ? declared.containedType(0) : TypeFactory.unknownType();
            return new Reader(contentType);
        }

        @Override
        public Optional<?> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return Optional.of(ctxt.readValue(p, content));
        }

        @Override
        public Optional<?> getNullValue(DeserializationContext ctxt) {
            return Optional.empty();
        }
    }
}
