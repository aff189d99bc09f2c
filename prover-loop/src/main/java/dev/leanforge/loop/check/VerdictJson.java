package dev.leanforge.loop.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.bridge.goal.Goal;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of a checked theorem, as {@code leanforge check --json} prints it: {@code file}, {@code theorem},
 * {@code status}, {@code axioms}, {@code messages} ({@code severity}, {@code line}, {@code column}, {@code text}),
 * {@code goals}, {@code elapsedMs}, and {@code reason} for every status but PROVED.
 */
public final class VerdictJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private VerdictJson() {}

    /** {@code messages} must already be in the file's coordinates (1-based lines). */
    public static ObjectNode of(String file, String theorem, Verdict verdict, List<LeanMessage> messages) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("file", file);
        return node.setAll(of(theorem, verdict, messages));
    }

    /** The same without a file, e.g. for a stored attempt, whose messages are in the checked document's lines. */
    public static ObjectNode of(String theorem, Verdict verdict, List<LeanMessage> messages) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("theorem", theorem);
        node.put("status", verdict.status().name());
        ArrayNode axioms = node.putArray("axioms");
        verdict.axioms().forEach(axioms::add);
        ArrayNode messageArray = node.putArray("messages");
        for (LeanMessage m : messages) {
            messageArray.addObject()
                    .put("severity", m.severity().word())
                    .put("line", m.line())
                    .put("column", m.column())
                    .put("text", m.text());
        }
        ArrayNode goals = node.putArray("goals");
        if (verdict instanceof Verdict.Failed failed) {
            failed.unsolvedGoals().forEach(goal -> goals.add(goal(goal)));
        }
        node.put("elapsedMs", verdict.elapsed().toMillis());
        reason(verdict).ifPresent(reason -> node.put("reason", reason));
        return node;
    }

    public static String line(ObjectNode node) {
        return node.toString();
    }

    /** Why the proof was not accepted, in one line; empty for PROVED. */
    public static Optional<String> reason(Verdict verdict) {
        if (verdict instanceof Verdict.Failed failed) {
            return Optional.of(failed.reason());
        } else if (verdict instanceof Verdict.Rejected rejected) {
            return Optional.of(rejected.reason());
        } else if (verdict instanceof Verdict.Timeout timeout) {
            return Optional.of("no answer within " + timeout.limit().toMillis() + " ms");
        } else if (verdict instanceof Verdict.Crashed crashed) {
            return Optional.of(crashed.reason());
        }
        return Optional.empty();
    }

    private static ObjectNode goal(Goal goal) {
        ObjectNode node = MAPPER.createObjectNode();
        goal.caseTag().ifPresent(tag -> node.put("case", tag));
        ArrayNode hypotheses = node.putArray("hypotheses");
        for (Goal.Hypothesis h : goal.hypotheses()) {
            ObjectNode hyp = hypotheses.addObject();
            ArrayNode names = hyp.putArray("names");
            h.names().forEach(names::add);
            hyp.put("type", h.type());
            h.value().ifPresent(value -> hyp.put("value", value));
        }
        node.put("target", goal.target());
        return node;
    }
}
