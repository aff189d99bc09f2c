package dev.leanforge.loop.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link Verdict} as the columns of an {@code attempts} row, and back. Messages, goals and axioms are JSON
 * arrays (empty where the variant has none); durations are nanoseconds, so a verdict reads back equal to the one
 * written.
 */
record VerdictColumns(Verdict.Status status, String reason, String messagesJson, String goalsJson,
                      String axiomsJson, Long timeoutLimitNs, long elapsedNs) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPTY = "[]";

    /** A message in {@code messages_json}: severity as Lean's lower-case word. */
    private record MessageJson(String severity, int line, int column, int endLine, int endColumn, String text) {
    }

    /** A goal in {@code goals_json}: {@code null} for an absent case tag or let-value. */
    private record GoalJson(String caseTag, List<HypothesisJson> hypotheses, String target) {
    }

    private record HypothesisJson(List<String> names, String type, String value) {
    }

    static VerdictColumns of(Verdict verdict) {
        long elapsed = verdict.elapsed().toNanos();
        // A switch on the status enum is exhaustive at compile time (pattern switches need Java 21).
        return switch (verdict.status()) {
            case PROVED -> {
                Verdict.Proved p = (Verdict.Proved) verdict;
                yield new VerdictColumns(p.status(), null, messages(p.messages()), EMPTY, json(p.axioms()), null,
                        elapsed);
            }
            case FAILED -> {
                Verdict.Failed f = (Verdict.Failed) verdict;
                yield new VerdictColumns(f.status(), f.reason(), messages(f.messages()), goals(f.unsolvedGoals()),
                        json(f.axioms()), null, elapsed);
            }
            case REJECTED -> new VerdictColumns(verdict.status(), ((Verdict.Rejected) verdict).reason(), EMPTY,
                    EMPTY, EMPTY, null, elapsed);
            case TIMEOUT -> new VerdictColumns(verdict.status(), null, EMPTY, EMPTY, EMPTY,
                    ((Verdict.Timeout) verdict).limit().toNanos(), elapsed);
            case CRASHED -> new VerdictColumns(verdict.status(), ((Verdict.Crashed) verdict).reason(), EMPTY, EMPTY,
                    EMPTY, null, elapsed);
        };
    }

    Verdict toVerdict() {
        Duration elapsed = Duration.ofNanos(elapsedNs);
        return switch (status) {
            case PROVED -> new Verdict.Proved(axioms(), messages(), elapsed);
            case FAILED -> new Verdict.Failed(reason, messages(), goals(), axioms(), elapsed);
            case REJECTED -> new Verdict.Rejected(reason, elapsed);
            case TIMEOUT -> new Verdict.Timeout(Duration.ofNanos(timeoutLimitNs), elapsed);
            case CRASHED -> new Verdict.Crashed(reason, elapsed);
        };
    }

    List<String> axioms() {
        return stringList(axiomsJson);
    }

    static String json(List<String> strings) {
        return write(strings);
    }

    static List<String> stringList(String json) {
        return read(json, new TypeReference<List<String>>() { });
    }

    private static String messages(List<LeanMessage> messages) {
        return write(messages.stream()
                .map(m -> new MessageJson(m.severity().word(), m.line(), m.column(), m.endLine(), m.endColumn(),
                        m.text()))
                .toList());
    }

    private List<LeanMessage> messages() {
        return read(messagesJson, new TypeReference<List<MessageJson>>() { }).stream()
                .map(m -> new LeanMessage(LeanMessage.Severity.valueOf(m.severity().toUpperCase(Locale.ROOT)),
                        m.line(), m.column(), m.endLine(), m.endColumn(), m.text()))
                .toList();
    }

    private static String goals(List<Goal> goals) {
        return write(goals.stream()
                .map(g -> new GoalJson(g.caseTag().orElse(null),
                        g.hypotheses().stream()
                                .map(h -> new HypothesisJson(h.names(), h.type(), h.value().orElse(null)))
                                .toList(),
                        g.target()))
                .toList());
    }

    private List<Goal> goals() {
        return read(goalsJson, new TypeReference<List<GoalJson>>() { }).stream()
                .map(g -> new Goal(Optional.ofNullable(g.caseTag()),
                        g.hypotheses().stream()
                                .map(h -> new Goal.Hypothesis(h.names(), h.type(), Optional.ofNullable(h.value())))
                                .toList(),
                        g.target()))
                .toList();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain records always serialise", e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("corrupt JSON column in attempts: " + e.getOriginalMessage(), e);
        }
    }
}
