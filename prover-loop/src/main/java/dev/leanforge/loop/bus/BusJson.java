package dev.leanforge.loop.bus;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;

/**
 * The one JSON configuration of event-bus messages. Every message must come back {@code equals} to what was sent,
 * and a message that does not read back exactly must fail rather than become a plausible value (a garbled reply must
 * never become {@code PROVED}).
 */
public final class BusJson {

    /**
     * Strict reading: every field present, no unknown field, no duplicate key, no trailing data, no coercion (no
     * string for a number, no float for an int, no number for an enum). Durations as ISO-8601 text, exact to the
     * nanosecond over their whole range. NaN and infinities (a completion's unknown log-probability) as JSON's
     * non-standard number tokens, so a double reads back as the same double.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(OptionalJson.module())
            .addMixIn(Verdict.class, BridgeMixins.VerdictMixin.class)
            .addMixIn(GoalAnswer.class, BridgeMixins.GoalAnswerMixin.class)
            .addMixIn(LeanMessage.class, BridgeMixins.LeanMessageMixin.class)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(MapperFeature.REQUIRE_TYPE_ID_FOR_SUBTYPES)
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private BusJson() {}
}
