package dev.leanforge.loop.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.bridge.check.CheckedDocument;
import dev.leanforge.bridge.verdict.LeanMessage;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.check.TheoremInFile;
import dev.leanforge.loop.check.VerdictJson;
import java.util.List;
import java.util.Optional;

/**
 * Results in the shapes of kimina-lean-server (project-numina/kimina-lean-server), so its Python client and the RL
 * reward functions built on it read leanforge's answers unchanged, plus a {@code leanforge} object with the sound
 * verdict. docs/verify-api.md describes every field.
 *
 * <p>A result has either {@code error} (the snippet was refused before checking, timed out, or the checker
 * crashed) or {@code response} (what Lean, or the proof scan, said), never both, as kimina's client requires.
 * Every verdict but PROVED carries at least one message of severity {@code error} (leanforge adds one saying why
 * when Lean reported none, e.g. for a forbidden axiom), so a client that takes "no error and no sorries" for a
 * valid proof never takes a rejected one for valid.
 */
public final class KiminaJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Prefix of every text leanforge writes where kimina's server would put Lean's or its own. */
    static final String PREFIX = "leanforge: ";
    /** The silent diagnostic Lean's server sends where a tactic block closes every goal. */
    private static final String GOALS_ACCOMPLISHED = "Goals accomplished!";

    private KiminaJson() {}

    /** One element of {@code POST /api/check}'s {@code results}: {@code id, time, error | response, leanforge}. */
    public static ObjectNode checkResult(SnippetResult result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", result.snippet().id());
        node.put("time", seconds(result));
        Optional<String> error = error(result);
        if (error.isPresent()) {
            node.put("error", error.get());
        } else {
            node.set("response", response(result));
        }
        node.set("leanforge", leanforge(result));
        return node;
    }

    /**
     * One element of {@code POST /verify}'s {@code results}: {@code custom_id, error | response, leanforge}, the
     * response with its {@code time}, as kimina's backward-compatible route answers.
     */
    public static ObjectNode verifyResult(SnippetResult result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("custom_id", result.snippet().id());
        Optional<String> error = error(result);
        if (error.isPresent()) {
            node.put("error", error.get());
        } else {
            node.set("response", response(result).put("time", seconds(result)));
        }
        node.set("leanforge", leanforge(result));
        return node;
    }

    /** {@code {status, reason, axioms, theorem, elapsedMs}}: the verdict as leanforge decided it. */
    public static ObjectNode leanforge(SnippetResult result) {
        Verdict verdict = result.verdict();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("status", verdict.status().name());
        node.put("reason", VerdictJson.reason(verdict).orElse(null));
        ArrayNode axioms = node.putArray("axioms");
        verdict.axioms().forEach(axioms::add);
        node.put("theorem", result.theorem().map(t -> t.task().theoremName()).orElse(null));
        node.put("elapsedMs", verdict.elapsed().toMillis());
        return node;
    }

    /** The {@code error} text, for results that have no REPL response. */
    static Optional<String> error(SnippetResult result) {
        Verdict verdict = result.verdict();
        if (result.refusal()) {
            return Optional.of(PREFIX + "REJECTED: " + VerdictJson.reason(verdict).orElseThrow());
        }
        if (verdict instanceof Verdict.Timeout timeout) {
            // kimina's client counts an error containing "timed out" as a timeout.
            return Optional.of(PREFIX + "TIMEOUT: Lean timed out after " + seconds(timeout.limit().toMillis())
                    + " seconds");
        }
        if (verdict instanceof Verdict.Crashed crashed) {
            return Optional.of(PREFIX + "CRASHED: " + crashed.reason());
        }
        return Optional.empty();
    }

    /** The REPL-style {@code {env, messages, sorries}} of a PROVED, FAILED or (proof or statement) REJECTED result. */
    static ObjectNode response(SnippetResult result) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("env", 0);
        ArrayNode messages = node.putArray("messages");
        node.putArray("sorries");
        Verdict verdict = result.verdict();
        String code = result.snippet().code();
        boolean anyError = false;
        if (result.theorem().isPresent()) {
            TheoremInFile theorem = result.theorem().get();
            for (LeanMessage m : verdict.messages()) {
                if (theorem.document().regionOf(m) == CheckedDocument.Region.AXIOMS_COMMAND) {
                    continue; // our own `#print axioms` line: not in the client's file
                }
                if (m.severity() == LeanMessage.Severity.INFORMATION && m.text().equals(GOALS_ACCOMPLISHED)) {
                    continue; // a silent editor diagnostic; the REPL never prints it
                }
                LeanMessage inFile = theorem.toFilePosition(m);
                messages.add(message(code, inFile.severity(), inFile.line(), inFile.column(), inFile.endLine(),
                        inFile.endColumn(), inFile.text()));
                anyError |= inFile.isError();
            }
        }
        if (!(verdict instanceof Verdict.Proved) && !anyError) {
            int line = result.position().map(SnippetResult.Position::line)
                    .or(() -> result.theorem().map(TheoremInFile::statementLine)).orElse(1);
            int column = result.position().map(SnippetResult.Position::column).orElse(0);
            messages.add(message(code, LeanMessage.Severity.ERROR, line, column, line, column,
                    PREFIX + verdict.status() + ": " + VerdictJson.reason(verdict).orElse("not proved")));
        }
        return node;
    }

    private static ObjectNode message(String code, LeanMessage.Severity severity, int line, int column, int endLine,
                                      int endColumn, String text) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("severity", switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFORMATION, HINT -> "info";
        });
        node.set("pos", pos(code, line, column));
        node.set("endPos", pos(code, endLine, endColumn));
        node.put("data", text);
        return node;
    }

    /** The REPL's position: 1-based line, 0-based column in code points (Lean's {@code Position}). */
    private static ObjectNode pos(String code, int line, int utf16Column) {
        return MAPPER.createObjectNode().put("line", line).put("column", codePoints(code, line, utf16Column));
    }

    static int codePoints(String code, int line, int utf16Column) {
        List<String> lines = code.lines().toList();
        if (line < 1 || line > lines.size()) {
            return utf16Column;
        }
        String text = lines.get(line - 1);
        int end = Math.max(0, Math.min(utf16Column, text.length()));
        return text.codePointCount(0, end) + Math.max(0, utf16Column - text.length());
    }

    private static double seconds(SnippetResult result) {
        return seconds(result.verdict().elapsed().toMillis());
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
