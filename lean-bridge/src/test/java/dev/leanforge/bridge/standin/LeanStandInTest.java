package dev.leanforge.bridge.standin;

import static dev.leanforge.bridge.standin.RawLspClient.isMethod;
import static dev.leanforge.bridge.standin.RawLspClient.isResponse;
import static dev.leanforge.bridge.standin.RawLspClient.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leanforge.bridge.standin.RulesFile.Message;
import dev.leanforge.bridge.standin.RulesFile.SorryStyle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Drives the stand-in as a real subprocess, started through {@code sh -c} with {@link StandInCommand}. */
class LeanStandInTest {

    private static final String HEADER = "import Mathlib\nopen Nat\n";
    private static final Map<String, Object> PLAIN_CLIENT = Map.of();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<RawLspClient> clients = new ArrayList<>();

    @AfterEach
    void stopStandIns() {
        clients.forEach(RawLspClient::close);
    }

    /** A check document in the layout of the bridge design. */
    private static String check(String declaration, String theoremName) {
        return HEADER + "\n" + declaration + "\n\n#print axioms " + theoremName + "\n";
    }

    private RawLspClient start(StandInRules rules) throws IOException {
        return start(StandInCommand.forRules(rules.writeTo(tmp)));
    }

    private RawLspClient start(String command) throws IOException {
        RawLspClient client = RawLspClient.start(command);
        clients.add(client);
        return client;
    }

    private static void open(RawLspClient client, String uri, String text) {
        client.notify("textDocument/didOpen", object("textDocument",
                Map.of("uri", uri, "languageId", "lean", "version", 1, "text", text), "dependencyBuildMode", "never"));
    }

    private static void change(RawLspClient client, String uri, int version, String text) {
        client.notify("textDocument/didChange", object("textDocument", Map.of("uri", uri, "version", version),
                "contentChanges", List.of(Map.of("text", text))));
    }

    private static int waitFor(RawLspClient client, String uri, int version) {
        return client.request("textDocument/waitForDiagnostics", Map.of("uri", uri, "version", version));
    }

    /** Opens {@code text} as version 1 and returns its final diagnostics (the last set before the barrier's answer). */
    private static JsonNode finalDiagnostics(RawLspClient client, String uri, String text) {
        open(client, uri, text);
        return lastPublished(client.untilResponse(waitFor(client, uri, 1)), uri);
    }

    private static JsonNode lastPublished(List<JsonNode> messages, String uri) {
        JsonNode last = null;
        for (JsonNode m : messages) {
            if (isMethod(m, "textDocument/publishDiagnostics") && uri.equals(m.at("/params/uri").asText())) {
                last = m.get("params");
            }
        }
        assertThat(last).as("publishDiagnostics for %s in %s", uri, messages).isNotNull();
        return last;
    }

    private static JsonNode withMessage(JsonNode published, String text) {
        for (JsonNode d : published.get("diagnostics")) {
            if (d.get("message").asText().equals(text)) {
                return d;
            }
        }
        throw new AssertionError("no diagnostic '" + text + "' in " + published);
    }

    /** {@code {"line": l, "character": c}} of the first occurrence of {@code needle} (plus {@code shift} chars). */
    private static JsonNode positionOf(String text, String needle, int shift) {
        int offset = text.indexOf(needle) + shift;
        int line = (int) text.substring(0, offset).chars().filter(c -> c == '\n').count();
        int character = offset - (text.lastIndexOf('\n', offset - 1) + 1);
        return JSON.valueToTree(Map.of("line", line, "character", character));
    }

    private static JsonNode rangeOf(String text, String needle) {
        return JSON.valueToTree(Map.of("start", positionOf(text, needle, 0),
                "end", positionOf(text, needle, needle.length())));
    }

    @Test
    void initializeAnswersLikeLeanAndRegistersTheWatcherAfterInitialized() throws Exception {
        RawLspClient client = start(StandInRules.create().serverVersion("4.99.0-test"));
        JsonNode result = client.response(client.request("initialize", object("capabilities", Map.of())));
        assertThat(result.at("/result/serverInfo/name").asText()).isEqualTo("Lean 4 Server");
        assertThat(result.at("/result/serverInfo/version").asText()).isEqualTo("4.99.0-test");
        assertThat(result.at("/result/capabilities/textDocumentSync/change").asInt()).isEqualTo(2);
        assertThat(result.at("/result/capabilities/textDocumentSync/openClose").asBoolean()).isTrue();
        assertThat(result.at("/result/capabilities/experimental/rpcProvider/rpcWireFormat").asText()).isEqualTo("v1");

        client.notify("initialized", Map.of());
        JsonNode registration = client.next();
        assertThat(registration.get("id").asText()).isEqualTo("register_lean_watcher");
        assertThat(registration.get("method").asText()).isEqualTo("client/registerCapability");
        JsonNode only = registration.at("/params/registrations/0");
        assertThat(only.get("method").asText()).isEqualTo("workspace/didChangeWatchedFiles");
        assertThat(only.at("/registerOptions/watchers").findValuesAsText("globPattern"))
                .containsExactly("**/*.lean", "**/*.ilean");
        client.respond(registration.get("id"), null);

        JsonNode shutdown = client.response(client.request("shutdown", null));
        assertThat(shutdown.has("result")).as("shutdown answers with result null: %s", shutdown).isTrue();
        assertThat(shutdown.get("result").isNull()).isTrue();
        JsonNode late = client.response(client.request("textDocument/waitForDiagnostics",
                Map.of("uri", "file:///x.lean", "version", 1)));
        assertThat(late.at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(late.at("/error/message").asText()).isEqualTo("Request received after 'shutdown' request.");
        client.notify("exit", null);
        assertThat(client.waitForExit()).isZero();
    }

    @Test
    void finalDiagnosticsArriveBeforeTheBarrierAnswerWithLeanFields() throws Exception {
        RawLspClient client = start(StandInRules.create()
                .rule(r -> r.match("by decide").delayMs(200).axioms("propext")
                        .message(Message.error("unsolved goals\n⊢ 1 = 2").at("by decide").leanTags(1)))
                .otherwise(r -> r.error("unknown tactic")));
        client.handshake(PLAIN_CLIENT);
        String uri = "file:///work/Check1.lean";
        String text = check("theorem one : 1 = 2 := by decide", "one");
        open(client, uri, text);
        List<JsonNode> messages = client.untilResponse(waitFor(client, uri, 1));

        assertThat(messages).extracting(m -> m.has("method") ? m.get("method").asText() : "response").containsExactly(
                "$/lean/fileProgress", "textDocument/publishDiagnostics", "$/lean/fileProgress", "response");
        JsonNode start = messages.get(0).get("params");
        assertThat(start.at("/textDocument/version").asInt()).isEqualTo(1);
        assertThat(start.at("/processing/0/kind").asInt()).isEqualTo(1);
        assertThat(start.at("/processing/0/range")).isEqualTo(JSON.valueToTree(Map.of(
                "start", Map.of("line", 0, "character", 0), "end", Map.of("line", 6, "character", 0))));
        assertThat(messages.get(2).at("/params/processing").isEmpty()).isTrue();

        JsonNode published = messages.get(1).get("params");
        assertThat(published.get("version").asInt()).isEqualTo(1);
        assertThat(published.has("isIncremental")).isFalse();
        JsonNode error = withMessage(published, "unsolved goals\n⊢ 1 = 2");
        assertThat(error.get("severity").asInt()).isEqualTo(1);
        assertThat(error.get("source").asText()).isEqualTo("Lean 4");
        assertThat(error.get("range")).isEqualTo(rangeOf(text, "by decide"));
        assertThat(error.get("fullRange")).isEqualTo(error.get("range"));
        assertThat(error.get("leanTags").toString()).isEqualTo("[1]");
        assertThat(error.has("isSilent")).isFalse();
        JsonNode axioms = withMessage(published, "'one' depends on axioms: [propext]");
        assertThat(axioms.get("severity").asInt()).isEqualTo(3);
        assertThat(axioms.get("range")).isEqualTo(rangeOf(text, "#print axioms one"));

        // A new version matching no rule: the default rule, and the barrier for the older version is also met.
        String other = check("theorem one : 1 = 2 := by omgea", "one");
        change(client, uri, 2, other);
        JsonNode second = lastPublished(client.untilResponse(waitFor(client, uri, 2)), uri);
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(withMessage(second, "unknown tactic").get("range")).isEqualTo(rangeOf(other,
                "theorem one : 1 = 2 := by omgea"));
        assertThat(withMessage(second, "unknown constant 'one'").get("severity").asInt()).isEqualTo(1);
        assertThat(client.response(waitFor(client, uri, 1)).get("result").isObject()).isTrue();

        // A ranged edit (Lean's incremental sync) is applied to the current text.
        client.notify("textDocument/didChange", object("textDocument", Map.of("uri", uri, "version", 3),
                "contentChanges", List.of(Map.of("range", Map.of("start", positionOf(other, "omgea", 0),
                        "end", positionOf(other, "omgea", 5)), "text", "decide"))));
        JsonNode third = lastPublished(client.untilResponse(waitFor(client, uri, 3)), uri);
        assertThat(third.get("version").asInt()).isEqualTo(3);
        withMessage(third, "unsolved goals\n⊢ 1 = 2");
    }

    @Test
    void waitForAVersionNeverSentIsNeverAnsweredUntilCancelled() throws Exception {
        RawLspClient client = start(StandInRules.create().rule(r -> r.match("trivial").axioms()));
        client.handshake(PLAIN_CLIENT);
        String uri = "file:///work/Check1.lean";
        finalDiagnostics(client, uri, check("theorem t : True := trivial", "t"));

        int future = waitFor(client, uri, 5);
        // The stand-in handles messages in order: once a later request is answered, the earlier one is pending.
        List<JsonNode> seen = client.untilResponse(client.request("$/lean/plainTermGoal",
                object("textDocument", Map.of("uri", uri), "position", Map.of("line", 3, "character", 0))));
        assertThat(seen).noneMatch(m -> isResponse(m, future));
        assertThat(seen.get(seen.size() - 1).get("result").isNull()).isTrue();

        client.cancel(future);
        JsonNode cancelled = client.response(future);
        assertThat(cancelled.at("/error/code").asInt()).isEqualTo(-32800);
    }

    @Test
    void hangStartsTheCheckAndNeverFinishesIt() throws Exception {
        RawLspClient client = start(StandInRules.create().rule(r -> r.match("loop").hang()));
        client.handshake(PLAIN_CLIENT);
        String uri = "file:///work/Check1.lean";
        open(client, uri, check("theorem t : True := by loop", "t"));
        int barrier = waitFor(client, uri, 1);
        List<JsonNode> seen = client.untilResponse(client.request("$/lean/plainTermGoal",
                object("textDocument", Map.of("uri", uri), "position", Map.of("line", 3, "character", 0))));
        assertThat(seen).noneMatch(m -> isResponse(m, barrier));
        assertThat(seen).noneMatch(m -> isMethod(m, "textDocument/publishDiagnostics"));
        assertThat(seen.get(0).at("/params/processing/0/kind").asInt()).isEqualTo(1);

        client.cancel(barrier);
        assertThat(client.response(barrier).at("/error/code").asInt()).isEqualTo(-32800);
        assertThat(client.response(client.request("shutdown", null)).get("result").isNull()).isTrue();
    }

    @Test
    void earlyEmptyProgressSendsDoneAndAnEmptySetBeforeTheRealDiagnostics() throws Exception {
        RawLspClient client = start(StandInRules.create()
                .rule(r -> r.match("simp").earlyEmptyProgress().delayMs(100).error("simp made no progress", "simp")));
        client.handshake(PLAIN_CLIENT);
        String uri = "file:///work/Check1.lean";
        open(client, uri, check("theorem t : 1 + 1 = 2 := by simp", "t"));
        List<JsonNode> messages = client.untilResponse(waitFor(client, uri, 1));

        assertThat(messages).hasSize(5);
        assertThat(messages.get(0).at("/params/processing").size()).isEqualTo(1);
        assertThat(isMethod(messages.get(1), "$/lean/fileProgress")).isTrue();
        assertThat(messages.get(1).at("/params/processing").isEmpty()).isTrue();
        assertThat(isMethod(messages.get(2), "textDocument/publishDiagnostics")).isTrue();
        assertThat(messages.get(2).at("/params/version").asInt()).isEqualTo(1);
        assertThat(messages.get(2).at("/params/diagnostics").isEmpty()).isTrue();
        assertThat(isMethod(messages.get(3), "textDocument/publishDiagnostics")).isTrue();
        withMessage(messages.get(3).get("params"), "simp made no progress");
    }

    @Test
    void incrementalBatchesGoOnlyToClientsThatAdvertiseThem() throws Exception {
        StandInRules rules = StandInRules.create()
                .rule(r -> r.match("by linarith").incremental().axioms("propext").error("linarith failed", "linarith"));
        String uri = "file:///work/Check1.lean";
        String text = check("theorem t : 1 < 2 := by linarith", "t");

        RawLspClient appending = start(rules);
        appending.handshake(Map.of("incrementalDiagnosticSupport", true));
        open(appending, uri, text);
        List<JsonNode> batches = appending.untilResponse(waitFor(appending, uri, 1)).stream()
                .filter(m -> isMethod(m, "textDocument/publishDiagnostics")).map(m -> m.get("params")).toList();
        assertThat(batches).hasSize(2);
        assertThat(batches.get(0).get("isIncremental").asBoolean()).isFalse();
        assertThat(batches.get(1).get("isIncremental").asBoolean()).isTrue();
        withMessage(batches.get(0), "linarith failed");
        withMessage(batches.get(1), "'t' depends on axioms: [propext]");

        RawLspClient replacing = start(rules);
        replacing.handshake(PLAIN_CLIENT);
        open(replacing, uri, text);
        List<JsonNode> single = replacing.untilResponse(waitFor(replacing, uri, 1)).stream()
                .filter(m -> isMethod(m, "textDocument/publishDiagnostics")).map(m -> m.get("params")).toList();
        assertThat(single).hasSize(1);
        assertThat(single.get(0).has("isIncremental")).isFalse();
        assertThat(single.get(0).get("diagnostics")).hasSize(2);
    }

    @Test
    void staleFirstPublishesAnErrorForTheOlderVersionFirst() throws Exception {
        RawLspClient client = start(StandInRules.create().rule(r -> r.match("rfl").staleFirst().axioms()));
        client.handshake(PLAIN_CLIENT);
        String uri = "file:///work/Check1.lean";
        open(client, uri, check("theorem t : 2 = 2 := by rfl", "t"));
        List<JsonNode> published = client.untilResponse(waitFor(client, uri, 1)).stream()
                .filter(m -> isMethod(m, "textDocument/publishDiagnostics")).map(m -> m.get("params")).toList();

        assertThat(published).hasSize(2);
        assertThat(published.get(0).get("version").asInt()).isZero();
        assertThat(published.get(0).at("/diagnostics/0/severity").asInt()).isEqualTo(1);
        assertThat(published.get(1).get("version").asInt()).isEqualTo(1);
        // No error in the real set; and this client did not ask for silent diagnostics.
        assertThat(published.get(1).get("diagnostics").findValuesAsText("message"))
                .containsExactly("'t' does not depend on any axioms");
    }

    @Test
    void printAxiomsIsAnsweredOnItsLineInLeansForms() throws Exception {
        RawLspClient client = start(StandInRules.create()
                .rule(r -> r.match("short_thm").axioms("propext", "Classical.choice", "Quot.sound"))
                .rule(r -> r.match("long_thm").axioms("propext", "sorryAx", "Classical.choice", "Quot.sound"))
                .rule(r -> r.match("pure_thm").axioms())
                .rule(r -> r.match("missing_thm")));
        client.handshake(Map.of("silentDiagnosticSupport", true));

        String shortText = check("theorem short_thm : True := by trivial", "short_thm");
        JsonNode shortSet = finalDiagnostics(client, "file:///w/A.lean", shortText);
        JsonNode shortAnswer =
                withMessage(shortSet, "'short_thm' depends on axioms: [propext, Classical.choice, Quot.sound]");
        assertThat(shortAnswer.get("severity").asInt()).isEqualTo(3);
        assertThat(shortAnswer.get("range")).isEqualTo(rangeOf(shortText, "#print axioms short_thm"));

        JsonNode longSet = finalDiagnostics(client, "file:///w/B.lean", check("theorem long_thm : True := sorry",
                "long_thm"));
        withMessage(longSet, "'long_thm' depends on axioms: [propext,\n sorryAx,\n Classical.choice,\n Quot.sound]");

        String pureText = check("theorem pure_thm : True := by\n  trivial", "pure_thm");
        JsonNode pureSet = finalDiagnostics(client, "file:///w/C.lean", pureText);
        withMessage(pureSet, "'pure_thm' does not depend on any axioms");
        JsonNode accomplished = withMessage(pureSet, "Goals accomplished!");
        assertThat(accomplished.get("isSilent").asBoolean()).isTrue();
        assertThat(accomplished.get("leanTags").toString()).isEqualTo("[2]");
        assertThat(accomplished.get("severity").asInt()).isEqualTo(3);
        assertThat(accomplished.get("range")).isEqualTo(rangeOf(pureText, "by"));

        String missingText = check("theorem missing_thm : True := trivial", "missing_thm");
        JsonNode missing = withMessage(finalDiagnostics(client, "file:///w/D.lean", missingText),
                "unknown constant 'missing_thm'");
        assertThat(missing.get("severity").asInt()).isEqualTo(1);
        assertThat(missing.get("range")).isEqualTo(rangeOf(missingText, "#print axioms missing_thm"));
    }

    @ParameterizedTest
    @EnumSource(SorryStyle.class)
    void sorryWarningUsesTheConfiguredStyleAtTheTheoremName(SorryStyle style) throws Exception {
        RawLspClient client = start(StandInRules.create().sorryStyle(style)
                .rule(r -> r.match("sorry").sorry().axioms("sorryAx")));
        client.handshake(Map.of("silentDiagnosticSupport", true));
        String text = check("theorem Foo.bar (n : Nat) : n = n := by sorry", "Foo.bar");
        JsonNode published = finalDiagnostics(client, "file:///w/S.lean", text);
        String expected = style == SorryStyle.BACKTICK ? "declaration uses `sorry`" : "declaration uses 'sorry'";
        JsonNode warning = withMessage(published, expected);
        assertThat(warning.get("severity").asInt()).isEqualTo(2);
        assertThat(warning.get("range")).isEqualTo(rangeOf(text, "Foo.bar"));
        assertThat(published.get("diagnostics").findValuesAsText("message")).doesNotContain("Goals accomplished!");
    }

    @Test
    void crashExitsTheProcessInTheMiddleOfACheck() throws Exception {
        RawLspClient client = start(StandInRules.create().rule(r -> r.match("boom").crash()));
        client.handshake(PLAIN_CLIENT);
        String uri = "file:///work/Check1.lean";
        open(client, uri, check("theorem t : True := by boom", "t"));
        int barrier = waitFor(client, uri, 1);

        List<JsonNode> rest = client.untilEndOfStream();
        assertThat(rest).noneMatch(m -> isResponse(m, barrier));
        assertThat(rest).noneMatch(m -> isMethod(m, "textDocument/publishDiagnostics"));
        assertThat(rest).anyMatch(m -> isMethod(m, "$/lean/fileProgress"));
        assertThat(client.waitForExit()).isEqualTo(LeanStandIn.CRASH_EXIT_CODE);
    }

    @Test
    void fatalReportsKind2AndAHeaderErrorThenAnswers() throws Exception {
        RawLspClient client = start(StandInRules.create().rule(r -> r.match("anything").fatal()));
        client.handshake(PLAIN_CLIENT);
        String uri = "file:///work/Check1.lean";
        open(client, uri, check("theorem anything : True := trivial", "anything"));
        List<JsonNode> messages = client.untilResponse(waitFor(client, uri, 1));

        JsonNode published = lastPublished(messages, uri);
        assertThat(published.get("diagnostics")).hasSize(1);
        JsonNode error = published.at("/diagnostics/0");
        assertThat(error.get("message").asText()).startsWith("Imports are out of date and must be rebuilt");
        assertThat(error.at("/range/start")).isEqualTo(JSON.valueToTree(Map.of("line", 0, "character", 0)));
        JsonNode lastProgress = messages.stream().filter(m -> isMethod(m, "$/lean/fileProgress"))
                .reduce((a, b) -> b).orElseThrow().get("params");
        assertThat(lastProgress.get("processing")).hasSize(1);
        assertThat(lastProgress.at("/processing/0/kind").asInt()).isEqualTo(2);
        assertThat(lastProgress.at("/processing/0/range/start"))
                .isEqualTo(JSON.valueToTree(Map.of("line", 0, "character", 0)));
        assertThat(messages.get(messages.size() - 1).get("result").isObject()).isTrue();
    }

    @Test
    void requestsForClosedFilesFailWithContentModified() throws Exception {
        RawLspClient client = start(StandInRules.create().rule(r -> r.match("loop").hang()));
        client.handshake(PLAIN_CLIENT);
        String never = "file:///work/Never.lean";
        JsonNode refused = client.response(waitFor(client, never, 1));
        assertThat(refused.at("/error/code").asInt()).isEqualTo(-32801);
        assertThat(refused.at("/error/message").asText())
                .isEqualTo("Cannot process request to closed file '" + never + "'");

        String uri = "file:///work/Check1.lean";
        open(client, uri, check("theorem t : True := by loop", "t"));
        int pending = waitFor(client, uri, 1);
        client.notify("textDocument/didClose", object("textDocument", Map.of("uri", uri)));
        List<JsonNode> messages = client.untilResponse(pending);
        assertThat(messages.get(messages.size() - 1).at("/error/code").asInt()).isEqualTo(-32801);
        assertThat(messages.get(messages.size() - 1).at("/error/message").asText())
                .isEqualTo("The file worker for " + uri + " has been terminated.");
        JsonNode emptied = client.next();
        assertThat(emptied.at("/params/uri").asText()).isEqualTo(uri);
        assertThat(emptied.at("/params/diagnostics").isEmpty()).isTrue();
        assertThat(client.response(waitFor(client, uri, 1)).at("/error/code").asInt()).isEqualTo(-32801);
    }

    @Test
    void plainGoalAnswersFromTheRuleAfterElaboration() throws Exception {
        RawLspClient client = start(StandInRules.create().rule(r -> r.match("intro h").axioms()
                .goals("", "p : Prop\n⊢ p → p")
                .goals("intro h", "p : Prop\nh : p\n⊢ p")
                .goals("intro h\nexact h")));
        client.handshake(PLAIN_CLIENT);
        String uri = "file:///work/Goals.lean";
        String text = HEADER + "\ntheorem t (p : Prop) : p → p := by\n  intro h\n  exact h\n";
        open(client, uri, text);

        JsonNode afterIntro = client.response(client.request("$/lean/plainGoal", object("textDocument",
                Map.of("uri", uri), "position", positionOf(text, "intro h", "intro h".length())))).get("result");
        assertThat(afterIntro.get("rendered").asText()).isEqualTo("```lean\np : Prop\nh : p\n⊢ p\n```");
        assertThat(afterIntro.get("goals").get(0).asText()).isEqualTo("p : Prop\nh : p\n⊢ p");

        JsonNode atBy = client.response(client.request("$/lean/plainGoal", object("textDocument", Map.of("uri", uri),
                "position", positionOf(text, ":= by", ":= by".length())))).get("result");
        assertThat(atBy.get("goals").get(0).asText()).isEqualTo("p : Prop\n⊢ p → p");

        JsonNode done = client.response(client.request("$/lean/plainGoal", object("textDocument", Map.of("uri", uri),
                "position", positionOf(text, "exact h", "exact h".length())))).get("result");
        assertThat(done.get("rendered").asText()).isEqualTo("no goals");
        assertThat(done.get("goals").isEmpty()).isTrue();

        JsonNode inHeader = client.response(client.request("$/lean/plainGoal", object("textDocument",
                Map.of("uri", uri), "position", Map.of("line", 0, "character", 3))));
        assertThat(inHeader.get("result").isNull()).isTrue();
    }

    @Test
    void growKeepsTheAllocatedMemoryAcrossChecks() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs /proc to read a process's RSS");
        RawLspClient client = start(StandInRules.create().rule(r -> r.match("big").grow(64).axioms()));
        client.handshake(PLAIN_CLIENT);
        long before = residentKib(client.javaProcess());
        String uri = "file:///work/Big.lean";
        finalDiagnostics(client, uri, check("theorem big : True := trivial", "big"));
        change(client, uri, 2, check("theorem big : True := by trivial", "big"));
        client.response(waitFor(client, uri, 2));
        long after = residentKib(client.javaProcess());
        assertThat(after - before).as("RSS growth in KiB after two 64 MiB checks").isGreaterThan(100 * 1024);
    }

    private static long residentKib(ProcessHandle process) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new AssertionError("no VmRSS for pid " + process.pid());
    }

    @Test
    void recordFileListsEveryReceivedMethodAsAJsonLine() throws Exception {
        Path record = tmp.resolve("received.jsonl");
        Path rules = StandInRules.create().rule(r -> r.match("trivial").axioms()).writeTo(tmp);
        RawLspClient client = start(StandInCommand.forRules(rules, record));
        client.handshake(PLAIN_CLIENT);
        String uri = "file:///work/Check1.lean";
        finalDiagnostics(client, uri, check("theorem a : True := trivial", "a"));
        change(client, uri, 2, check("theorem b : True := trivial", "b"));
        client.response(waitFor(client, uri, 2));
        client.response(client.request("shutdown", null));
        client.notify("exit", null);
        assertThat(client.waitForExit()).isZero();

        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(record)) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).extracting(l -> l.get("method").asText()).containsExactly("initialize", "initialized",
                "textDocument/didOpen", "textDocument/waitForDiagnostics", "textDocument/didChange",
                "textDocument/waitForDiagnostics", "shutdown", "exit");
        JsonNode opened = lines.get(2);
        assertThat(opened.get("uri").asText()).isEqualTo(uri);
        assertThat(opened.get("version").asInt()).isEqualTo(1);
        assertThat(opened.get("dependencyBuildMode").asText()).isEqualTo("never");
        assertThat(lines.get(4).get("version").asInt()).isEqualTo(2);
        assertThat(lines.get(5).get("id").asInt()).isPositive();
    }

    @Test
    void startupDelayAppliesWhenAWorkerStartsAndTraceShowsIt() throws Exception {
        Path rules = StandInRules.create().startupDelayMs(300).rule(r -> r.match("trivial").axioms()).writeTo(tmp);
        RawLspClient client = start(StandInCommand.shellLine(StandInCommand.argv(rules, null, true)));
        client.handshake(PLAIN_CLIENT);
        String uri = "file:///work/Check1.lean";
        long started = System.nanoTime();
        finalDiagnostics(client, uri, check("theorem a : True := trivial", "a"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        change(client, uri, 2, check("theorem b : True := trivial", "b"));
        client.response(waitFor(client, uri, 2));
        change(client, uri, 3, check("theorem c : True := trivial", "c").replace("open Nat", "open Real"));
        client.response(waitFor(client, uri, 3));
        client.response(client.request("shutdown", null));
        client.notify("exit", null);
        assertThat(client.waitForExit()).isZero();

        String stderr = client.stderr(); // complete once the process has exited
        assertThat(stderr).contains("stand-in <- {\"jsonrpc\":\"2.0\",\"method\":\"initialized\"");
        assertThat(stderr.lines().filter(l -> l.startsWith("stand-in: worker start for " + uri)))
                .as("worker starts: the open and the header change, not the same-header edit")
                .containsExactly("stand-in: worker start for " + uri + " v1 (startupDelayMs 300)",
                        "stand-in: worker start for " + uri + " v3 (startupDelayMs 300)");
    }

    @Test
    void endOfInputEndsTheProcess() throws Exception {
        RawLspClient client = start(StandInRules.create());
        client.handshake(PLAIN_CLIENT);
        client.closeInput();
        assertThat(client.untilEndOfStream()).isEmpty();
        assertThat(client.waitForExit()).isEqualTo(1); // like exit without shutdown
    }

    @Test
    void badRulesFileExitsWithCode2NamingTheFileAndTheProblem() throws Exception {
        Path rules = tmp.resolve("bad-rules.json");
        Files.writeString(rules, "{\"rules\": [{\"match\": \"x\", \"behavior\": \"crash\"}]}");
        RawLspClient client = start(StandInCommand.forRules(rules));
        assertThat(client.waitForExit()).isEqualTo(2);
        assertThat(client.nextWithin(Duration.ofSeconds(5))).isNull();
        assertThat(client.stderr()).contains(rules.toString()).contains("behavior");
    }
}
