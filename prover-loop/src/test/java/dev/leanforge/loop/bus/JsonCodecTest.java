package dev.leanforge.loop.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.session.GoalAnswer;
import dev.leanforge.bridge.session.TacticState;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.LeanMessage.Severity;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.policy.Policy.Completion;
import dev.leanforge.loop.policy.Policy.SamplingParams;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonCodecTest {

    private static final Duration NANOS = Duration.ofSeconds(3, 141_592_653);
    private static final List<LeanMessage> MESSAGES = List.of(
            new LeanMessage(Severity.ERROR, 12, 4, 12, 19, "unsolved goals\nn : ℕ\n⊢ n + 0 = n"),
            new LeanMessage(Severity.WARNING, 1, 0, 1, 7, "declaration uses 'sorry' — «weird» \"quoted\" \\ \t"),
            new LeanMessage(Severity.INFORMATION, 3, 2, 5, 0, "𝔽 ∀ x, x ∈ ∅ → ⊥ 🙂"),
            new LeanMessage(Severity.HINT, 0, 0, 0, 0, ""));
    /** What a PROVED verdict may carry: Lean's messages without an error. */
    private static final List<LeanMessage> NO_ERRORS = MESSAGES.subList(1, MESSAGES.size());
    private static final Goal GOAL = new Goal(Optional.of("succ"),
            List.of(new Goal.Hypothesis(List.of("a", "b✝"), "ℕ"),
                    new Goal.Hypothesis(List.of(), "0 + n✝ = n✝"),
                    new Goal.Hypothesis(List.of("x"), "\n  Fin (n + 1)", Optional.of("⟨0, by omega⟩"))),
            "a + b✝ = b✝ + a");
    private static final Goal BARE_GOAL = new Goal(Optional.empty(), List.of(), "True");
    private static final Goal EMPTY_CASE_GOAL = new Goal(Optional.of(""), List.of(),
            new Goal.Hypothesis(List.of("h"), "p", Optional.of("")).type());

    static Stream<Object> messages() {
        return Stream.of(
                new CheckTask("import Mathlib\nopen Nat", "Foo.bar_baz", "theorem Foo.bar_baz (n : ℕ) : n + 0 = n :=",
                        "by\n  simp  -- ✓"),
                new Verdict.Proved(List.of("propext", "Classical.choice", "Quot.sound"), NO_ERRORS, NANOS),
                new Verdict.Proved(List.of(), List.of(), Duration.ZERO),
                new Verdict.Failed("unsolved goals", MESSAGES, List.of(GOAL, BARE_GOAL, EMPTY_CASE_GOAL),
                        List.of("sorryAx"), Duration.ofNanos(1)),
                new Verdict.Failed("", List.of(), List.of(), List.of(), Duration.ofDays(3).plusNanos(7)),
                new Verdict.Rejected("forbidden command `axiom` at line 3 «ø»", Duration.ofMillis(2)),
                new Verdict.Timeout(Duration.ofSeconds(60), Duration.ofSeconds(60, 999_999_999)),
                new Verdict.Crashed("worker exited with code 137", Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)),
                new GoalAnswer.State(new TacticState(List.of(GOAL, BARE_GOAL), MESSAGES), NANOS),
                new GoalAnswer.State(new TacticState(List.of(), List.of()), Duration.ofNanos(-5)),
                new GoalAnswer.NoState("prefix does not start with `by`", NANOS),
                new GoalAnswer.Rejected("`#eval` is not allowed", Duration.ofMinutes(1)),
                new GoalAnswer.Timeout(Duration.ofSeconds(30), Duration.ofSeconds(30, 1)),
                new GoalAnswer.Crashed("protocol broke: ∅", Duration.ZERO),
                new PolicyRequest("theorem t : ∀ n : ℕ, n = n := by\n",
                        new SamplingParams(8, 0.7, 0.95, 40, 512, List.of("\n\n", "```", "⊢"), -1234567890123L)),
                new PolicyRequest("", new SamplingParams(1, 0, 1, 0, 1, List.of(), 0)),
                new PolicyReply(List.of(new Completion("intro n; rfl", -0.125), new Completion("simp", Double.NaN),
                        new Completion("", Double.NEGATIVE_INFINITY), new Completion("∎", Double.POSITIVE_INFINITY),
                        new Completion("x", -0.0), new Completion("y", Double.MIN_VALUE),
                        new Completion("z", -1.0000000000000002e-300)), NANOS),
                new PolicyReply(List.of(), Duration.ZERO));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void roundTripsOverTheWireExactly(Object message) {
        JsonCodec<Object> codec = codecFor(message);
        Buffer wire = Buffer.buffer("prefix");
        codec.encodeToWire(wire, message);
        wire.appendString("next message");

        Object back = codec.decodeFromWire("prefix".length(), wire);

        assertThat(back).isNotSameAs(message).isEqualTo(message).hasSameClassAs(message);
    }

    @Test
    void everyRegisteredTypeHasARoundTripCase() {
        List<Class<?>> covered = messages().map(Object::getClass).distinct().<Class<?>>map(c -> c).toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(BusCodecs.MESSAGE_TYPES);
    }

    @Test
    void transformHandsOverTheSameObject() {
        Verdict proved = new Verdict.Proved(List.of(), MESSAGES, NANOS);
        assertThat(codecFor(proved).transform(proved)).isSameAs(proved);
    }

    @Test
    void namesAreDistinctAndFull() {
        assertThat(new JsonCodec<>(Verdict.Rejected.class).name())
                .isEqualTo("leanforge.json.dev.leanforge.bridge.verdict.Verdict$Rejected")
                .isNotEqualTo(new JsonCodec<>(GoalAnswer.Rejected.class).name());
        assertThat(new JsonCodec<>(CheckTask.class).systemCodecID()).isEqualTo((byte) -1);
    }

    @Test
    void theVerdictCarriesItsStatusWord() {
        String json = wireJson(new Verdict.Rejected("no", Duration.ofSeconds(1, 5)));
        assertThat(json).contains("\"status\":\"REJECTED\"").contains("\"PT1.000000005S\"");
    }

    @Test
    void aProvedVerdictNoCheckerCouldSendIsRefusedOnTheWire() {
        Verdict withSorry = new Verdict.Proved(List.of("propext", "sorryAx"), NO_ERRORS, NANOS);
        Verdict withAnError = new Verdict.Proved(List.of(), MESSAGES, NANOS);
        for (Verdict forged : List.of(withSorry, withAnError)) {
            Buffer wire = Buffer.buffer();
            codecFor(forged).encodeToWire(wire, forged);

            assertThatThrownBy(() -> codecFor(forged).decodeFromWire(0, wire)).as(forged.toString())
                    .isInstanceOf(DecodeException.class).hasMessageContaining("PROVED verdict with");
        }
    }

    @Test
    void aTruncatedBufferFails() {
        Verdict proved = new Verdict.Proved(List.of("propext"), NO_ERRORS, NANOS);
        Buffer wire = Buffer.buffer();
        codecFor(proved).encodeToWire(wire, proved);
        for (int cut : new int[] {0, 2, 4, 5, wire.length() / 2, wire.length() - 1}) {
            Buffer truncated = wire.getBuffer(0, cut);
            assertThatThrownBy(() -> codecFor(proved).decodeFromWire(0, truncated))
                    .as("cut at %d", cut).isInstanceOf(DecodeException.class);
        }
    }

    @Test
    void aWrongLengthPrefixFails() {
        byte[] json = wireJson(new Verdict.Crashed("died", NANOS)).getBytes(StandardCharsets.UTF_8);
        for (int length : new int[] {-1, Integer.MIN_VALUE, json.length + 1, json.length - 1}) {
            Buffer wire = Buffer.buffer().appendInt(length).appendBytes(json);
            assertThatExceptionOfType(DecodeException.class).as("length %d", length)
                    .isThrownBy(() -> new JsonCodec<>(Verdict.Crashed.class).decodeFromWire(0, wire));
        }
    }

    @Test
    void nonFiniteLogProbsAreNumberTokens() {
        String json = wireJson(new PolicyReply(List.of(new Completion("a", Double.NaN),
                new Completion("b", Double.NEGATIVE_INFINITY)), Duration.ZERO));
        assertThat(json).contains("\"logProb\":NaN").contains("\"logProb\":-Infinity");
    }

    @Test
    void aGarbledBufferFails() {
        Verdict failed = new Verdict.Failed("nope", MESSAGES, List.of(GOAL), List.of(), NANOS);
        Buffer wire = Buffer.buffer();
        codecFor(failed).encodeToWire(wire, failed);
        byte[] bytes = wire.getBytes();
        List<Integer> decoded = new ArrayList<>();
        // Flipping any one byte of the JSON must never give back a different verdict, least of all PROVED.
        for (int i = 4; i < bytes.length; i++) {
            byte[] garbled = bytes.clone();
            garbled[i] ^= 0x20;
            try {
                Object back = codecFor(failed).decodeFromWire(0, Buffer.buffer(garbled));
                assertThat(back).isInstanceOf(Verdict.Failed.class);
                decoded.add(i);
            } catch (DecodeException expected) {
                // the loud failure the bus needs
            }
        }
        // Only bytes inside free text may change and still decode (a letter's case in a reason or message).
        assertThat(decoded).hasSizeLessThan(bytes.length / 2);
        assertThatThrownBy(() -> decode(Verdict.Failed.class, "{\"status\":\"FAILED\",\"reason\":"))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode(Verdict.Failed.class, "\u0000\u0001garbage"))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void anUnknownOrMissingStatusFails() {
        String rejected = wireJson(new Verdict.Rejected("no", NANOS));
        assertThatThrownBy(() -> decode(Verdict.Rejected.class, rejected.replace("REJECTED", "MAYBE")))
                .isInstanceOf(DecodeException.class).hasMessageContaining("MAYBE");
        assertThatThrownBy(() -> decode(Verdict.Rejected.class, rejected.replace("\"status\":\"REJECTED\",", "")))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode(Verdict.Rejected.class, rejected.replace("REJECTED", "rejected")))
                .isInstanceOf(DecodeException.class);
        // A valid status of another record is not this codec's message.
        assertThatThrownBy(() -> decode(Verdict.Rejected.class, rejected.replace("REJECTED", "PROVED")))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void unknownMissingOrMistypedFieldsFail() {
        String crashed = wireJson(new Verdict.Crashed("died", NANOS));
        assertThat(decode(Verdict.Crashed.class, crashed)).isEqualTo(new Verdict.Crashed("died", NANOS));
        assertThatThrownBy(() -> decode(Verdict.Crashed.class, crashed.replace("}", ",\"extra\":1}")))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode(Verdict.Crashed.class, crashed.replace("\"reason\":\"died\",", "")))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode(Verdict.Crashed.class, crashed.replace("}", ",\"reason\":\"other\"}")))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode(Verdict.Crashed.class, crashed + " {}"))
                .isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> decode(Verdict.Crashed.class, "null")).isInstanceOf(DecodeException.class);

        String message = "{\"severity\":\"WARNING\",\"line\":1,\"column\":0,\"endLine\":1,\"endColumn\":2,\"text\":\"t\"}";
        String proved = "{\"status\":\"PROVED\",\"axioms\":[],\"messages\":[%s],\"elapsed\":\"PT1S\"}";
        assertThat(decode(Verdict.Proved.class, proved.formatted(message)).messages())
                .containsExactly(new LeanMessage(Severity.WARNING, 1, 0, 1, 2, "t"));
        for (String wrong : List.of(message.replace("\"WARNING\"", "0"), message.replace("\"WARNING\"", "\"BAD\""),
                message.replace("\"line\":1", "\"line\":\"1\""), message.replace("\"line\":1", "\"line\":1.5"),
                message.replace("\"line\":1", "\"line\":null"), message.replace(",\"line\":1", ""),
                message.replace("\"text\":\"t\"", "\"text\":7"), message.replace("\"text\":\"t\"", "\"text\":true"),
                message.replace("\"text\":\"t\"", "\"text\":[\"t\"]"))) {
            assertThatExceptionOfType(DecodeException.class).as(wrong)
                    .isThrownBy(() -> decode(Verdict.Proved.class, proved.formatted(wrong)));
        }
    }

    @Test
    void aGoalWithoutItsCaseTagFieldFails() {
        String json = wireJson(new GoalAnswer.State(new TacticState(List.of(BARE_GOAL), List.of()), NANOS));
        assertThat(json).contains("\"caseTag\":null");
        assertThatThrownBy(() -> decode(GoalAnswer.State.class, json.replace("\"caseTag\":null,", "")))
                .isInstanceOf(DecodeException.class);
    }

    private static String wireJson(Object message) {
        Buffer wire = Buffer.buffer();
        codecFor(message).encodeToWire(wire, message);
        return wire.getString(4, wire.length(), StandardCharsets.UTF_8.name());
    }

    private static <T> T decode(Class<T> type, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return new JsonCodec<>(type).decodeFromWire(0, Buffer.buffer().appendInt(bytes.length).appendBytes(bytes));
    }

    @SuppressWarnings("unchecked")
    private static JsonCodec<Object> codecFor(Object message) {
        return new JsonCodec<>((Class<Object>) message.getClass());
    }
}
