package dev.leanforge.bridge.lsp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.leanforge.bridge.verdict.LeanMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exact JSON leanforge writes and the Lean-shaped JSON it must read (spec §1.3, §2, §3, §4.1, §5). */
class LeanProtocolTest {

    private RawWire wire;
    private final BlockingQueue<Object> heard = new LinkedBlockingQueue<>();

    @BeforeEach
    void connect() throws Exception {
        wire = new RawWire();
    }

    @AfterEach
    void disconnect() throws Exception {
        wire.close();
    }

    @Test
    void initializeAsksForSilentAndIncrementalDiagnosticsWithoutEditDelayOrWidgets() throws Exception {
        CompletableFuture<LeanInitializeResult> result =
                wire.remote.initialize(LeanInitializeParams.forProject(Path.of("/work/project")));
        JsonObject request = wire.receive();
        assertThat(request.get("method").getAsString()).isEqualTo("initialize");
        JsonObject params = request.getAsJsonObject("params");
        JsonObject lean = params.getAsJsonObject("capabilities").getAsJsonObject("lean");
        assertThat(lean.get("silentDiagnosticSupport").getAsBoolean()).isTrue();
        assertThat(lean.get("incrementalDiagnosticSupport").getAsBoolean()).isTrue();
        assertThat(params.getAsJsonObject("initializationOptions").get("editDelay").getAsInt()).isZero();
        assertThat(params.getAsJsonObject("initializationOptions").get("hasWidgets").getAsBoolean()).isFalse();
        assertThat(params.get("rootUri").getAsString()).startsWith("file:///work/project");

        wire.send("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":{\"serverInfo\":"
                + "{\"name\":\"Lean 4 Server\",\"version\":\"0.3.0\"},\"capabilities\":{\"textDocumentSync\":"
                + "{\"openClose\":true,\"change\":2},\"experimental\":{\"moduleHierarchyProvider\":{}}}}}");
        assertThat(result.get(5, TimeUnit.SECONDS).describe()).isEqualTo("Lean 4 Server 0.3.0");
    }

    @Test
    void didOpenCarriesDependencyBuildModeNever() throws Exception {
        wire.remote.didOpen(LeanDidOpenParams.never("file:///p/A.lean", 1, "import Mathlib\n"));
        JsonObject message = wire.receive();
        assertThat(message.get("method").getAsString()).isEqualTo("textDocument/didOpen");
        JsonObject params = message.getAsJsonObject("params");
        assertThat(params.get("dependencyBuildMode").getAsString()).isEqualTo("never");
        JsonObject document = params.getAsJsonObject("textDocument");
        assertThat(document.get("uri").getAsString()).isEqualTo("file:///p/A.lean");
        assertThat(document.get("languageId").getAsString()).isEqualTo("lean");
        assertThat(document.get("version").getAsInt()).isEqualTo(1);
        assertThat(document.get("text").getAsString()).isEqualTo("import Mathlib\n");
    }

    @Test
    void leanMethodsUseTheirLiteralNames() throws Exception {
        wire.remote.waitForDiagnostics(new WaitForDiagnosticsParams("file:///p/A.lean", 3));
        JsonObject wait = wire.receive();
        assertThat(wait.get("method").getAsString()).isEqualTo("textDocument/waitForDiagnostics");
        assertThat(wait.getAsJsonObject("params").get("version").getAsInt()).isEqualTo(3);

        TextDocumentPositionParams at =
                new TextDocumentPositionParams(new TextDocumentIdentifier("file:///p/A.lean"), new Position(2, 4));
        CompletableFuture<PlainGoal> goal = wire.remote.plainGoal(at);
        JsonObject goalRequest = wire.receive();
        assertThat(goalRequest.get("method").getAsString()).isEqualTo("$/lean/plainGoal");
        assertThat(goalRequest.getAsJsonObject("params").getAsJsonObject("position").get("character").getAsInt())
                .isEqualTo(4);
        wire.send("{\"jsonrpc\":\"2.0\",\"id\":" + goalRequest.get("id")
                + ",\"result\":{\"rendered\":\"```lean\\nh : p\\n⊢ q\\n```\",\"goals\":[\"h : p\\n⊢ q\"]}}");
        assertThat(goal.get(5, TimeUnit.SECONDS).goals()).containsExactly("h : p\n⊢ q");

        CompletableFuture<PlainTermGoal> termGoal = wire.remote.plainTermGoal(at);
        JsonObject termRequest = wire.receive();
        assertThat(termRequest.get("method").getAsString()).isEqualTo("$/lean/plainTermGoal");
        wire.send("{\"jsonrpc\":\"2.0\",\"id\":" + termRequest.get("id") + ",\"result\":null}");
        assertThat(termGoal.get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void cancellingARequestSendsCancelRequest() throws Exception {
        CompletableFuture<Object> wait = wire.remote.waitForDiagnostics(new WaitForDiagnosticsParams("file:///p/A.lean", 1));
        JsonObject request = wire.receive();
        wait.cancel(true);
        JsonObject cancel = wire.receive();
        assertThat(cancel.get("method").getAsString()).isEqualTo("$/cancelRequest");
        assertThat(cancel.getAsJsonObject("params").get("id")).isEqualTo(request.get("id"));
    }

    @Test
    void publishDiagnosticsKeepsLeansExtensions() throws Exception {
        wire.client.register("file:///p/A.lean", listener());
        wire.send("""
                {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{
                 "uri":"file:///p/A.lean","version":2,"isIncremental":true,
                 "diagnostics":[
                  {"source":"Lean 4","severity":1,
                   "range":{"start":{"line":3,"character":9},"end":{"line":3,"character":16}},
                   "fullRange":{"start":{"line":3,"character":9},"end":{"line":5,"character":2}},
                   "message":"unsolved goals\\n⊢ Nat","leanTags":[1]},
                  {"severity":1,"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":3}},
                   "message":"Unknown identifier `foo`","code":"lean.unknownIdentifier"},
                  {"severity":3,"range":{"start":{"line":7,"character":0},"end":{"line":7,"character":5}},
                   "message":"Goals accomplished!","leanTags":[2],"isSilent":true,"code":42,"tags":[1]}]}}""");
        LeanPublishDiagnosticsParams params = (LeanPublishDiagnosticsParams) next();
        assertThat(params.version()).isEqualTo(2);
        assertThat(params.incremental()).isTrue();
        List<LeanDiagnostic> d = params.diagnostics();
        assertThat(d).hasSize(3);
        assertThat(d.get(0).hasLeanTag(LeanDiagnostic.UNSOLVED_GOALS)).isTrue();
        assertThat(d.get(0).fullRange().getEnd().getLine()).isEqualTo(5);
        assertThat(d.get(1).code()).isEqualTo("lean.unknownIdentifier");
        assertThat(d.get(2).silent()).isTrue();
        assertThat(d.get(2).hasLeanTag(LeanDiagnostic.GOALS_ACCOMPLISHED)).isTrue();
        assertThat(d.get(2).code()).isEqualTo("42");
        assertThat(d.get(2).tags()).containsExactly(1);

        assertThat(d.get(0).toMessage()).isEqualTo(
                new LeanMessage(LeanMessage.Severity.ERROR, 4, 9, 6, 2, "unsolved goals\n⊢ Nat"));
        assertThat(d.get(1).toMessage()).isEqualTo(
                new LeanMessage(LeanMessage.Severity.ERROR, 1, 0, 1, 3, "Unknown identifier `foo`"));
        assertThat(d.get(2).toMessage().severity()).isEqualTo(LeanMessage.Severity.INFORMATION);
    }

    @Test
    void oldServersWithoutVersionOrIncrementalFieldsStillParse() throws Exception {
        wire.client.register("file:///p/A.lean", listener());
        wire.send("""
                {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///p/A.lean",
                 "diagnostics":[{"range":{"start":{"line":1,"character":2},"end":{"line":1,"character":3}},
                 "message":"no severity"}]}}""");
        LeanPublishDiagnosticsParams params = (LeanPublishDiagnosticsParams) next();
        assertThat(params.version()).isNull();
        assertThat(params.incremental()).isFalse();
        assertThat(params.diagnostics().get(0).toMessage())
                .isEqualTo(new LeanMessage(LeanMessage.Severity.ERROR, 2, 2, 2, 3, "no severity"));
    }

    @Test
    void fileProgressKindTwoIsFatalAndKindlessIsProcessing() throws Exception {
        wire.client.register("file:///p/A.lean", listener());
        wire.send("""
                {"jsonrpc":"2.0","method":"$/lean/fileProgress","params":{"textDocument":{"uri":"file:///p/A.lean",
                 "version":3},"processing":[{"range":{"start":{"line":12,"character":0},
                 "end":{"line":40,"character":0}}}]}}""");
        wire.send("""
                {"jsonrpc":"2.0","method":"$/lean/fileProgress","params":{"textDocument":{"uri":"file:///p/A.lean",
                 "version":3},"processing":[{"range":{"start":{"line":0,"character":0},
                 "end":{"line":0,"character":0}},"kind":2}]}}""");
        LeanFileProgressParams processing = (LeanFileProgressParams) next();
        LeanFileProgressParams fatal = (LeanFileProgressParams) next();
        assertThat(processing.isFatal()).isFalse();
        assertThat(processing.textDocument().version()).isEqualTo(3);
        assertThat(fatal.isFatal()).isTrue();
    }

    @Test
    void housekeepingRequestsAreAnsweredWithNullAndUnknownOnesWithMethodNotFound() throws Exception {
        wire.send("""
                {"jsonrpc":"2.0","id":"register_lean_watcher","method":"client/registerCapability","params":
                 {"registrations":[{"id":"1","method":"workspace/didChangeWatchedFiles","registerOptions":
                 {"watchers":[{"globPattern":"**/*.lean"}]}}]}}""");
        JsonObject registered = wire.receive();
        assertThat(registered.get("id").getAsString()).isEqualTo("register_lean_watcher");
        assertThat(registered.has("error")).isFalse();
        assertThat(registered.get("result").isJsonNull()).isTrue();

        wire.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"workspace/semanticTokens/refresh\"}");
        assertThat(wire.receive().get("result").isJsonNull()).isTrue();
        wire.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"workspace/inlayHint/refresh\"}");
        assertThat(wire.receive().get("result").isJsonNull()).isTrue();

        wire.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"window/showDocument\",\"params\":{}}");
        assertThat(wire.receive().getAsJsonObject("error").get("code").getAsInt()).isEqualTo(-32601);
    }

    @Test
    void unknownNotificationsAreIgnoredAndRoutingGoesOn() throws Exception {
        wire.client.register("file:///p/A.lean", listener());
        wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"window/logMessage\",\"params\":{\"type\":3,\"message\":\"hi\"}}");
        wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"$/lean/somethingNew\",\"params\":{}}");
        wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":"
                + "{\"uri\":\"file:///p/A.lean\",\"version\":1,\"diagnostics\":[]}}");
        assertThat(next()).isInstanceOf(LeanPublishDiagnosticsParams.class);
    }

    @Test
    void routingMatchesReEncodedFileUrisAndIgnoresOtherDocuments() throws Exception {
        wire.client.register("file:///p/My%20File.lean", listener());
        wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":"
                + "{\"uri\":\"file:///p/Other.lean\",\"version\":1,\"diagnostics\":[]}}");
        wire.send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/publishDiagnostics\",\"params\":"
                + "{\"uri\":\"file:///p/My%20File.lean\",\"version\":4,\"diagnostics\":[]}}");
        assertThat(((LeanPublishDiagnosticsParams) next()).version()).isEqualTo(4);
        assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).isNull();
        assertThat(LeanClient.key("file:///p/My%20File.lean")).isEqualTo(LeanClient.key("file:/p/My%20File.lean"));
    }

    @Test
    void terminationReachesRegisteredAndLaterListenersExactlyOnce() throws Exception {
        wire.client.register("file:///p/A.lean", listener());
        wire.client.serverTerminated("exited with code 1");
        wire.client.serverTerminated("again");
        wire.client.register("file:///p/B.lean", listener());
        assertThat(next()).isEqualTo("terminated: exited with code 1");
        assertThat(next()).isEqualTo("terminated: exited with code 1");
        assertThat(heard.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void anUnreadableMessageEndsTheConnectionForEveryListenerNowAndLater() throws Exception {
        wire.client.register("file:///p/A.lean", listener());
        wire.send("""
                {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///p/Other.lean",
                 "version":1,"diagnostics":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},
                 "message":"x","tags":"oops"}]}}""");
        assertThat((String) next()).startsWith("terminated: protocol error: unreadable textDocument/publishDiagnostics")
                .doesNotContain("\n");
        assertThat(wire.client.protocolErrorReason()).isPresent();
        wire.client.register("file:///p/B.lean", listener());
        assertThat((String) next()).startsWith("terminated: protocol error:");
    }

    @Test
    void unknownSeveritiesAndMissingRangesReadAsErrorsAtTheStart() throws Exception {
        // Not protocol errors (Lean may add severities; range is only used for locating): they fail closed as
        // errors, so Acceptance never sees them as anything weaker.
        wire.client.register("file:///p/A.lean", listener());
        wire.send("""
                {"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":"file:///p/A.lean",
                 "version":1,"diagnostics":[{"severity":7,"message":"from the future",
                 "range":{"start":{"line":2,"character":0},"end":{"line":2,"character":1}}},
                 {"severity":0,"message":"zero"},{"severity":3,"message":"no range"}]}}""");
        List<LeanDiagnostic> d = ((LeanPublishDiagnosticsParams) next()).diagnostics();
        assertThat(d.get(0).toMessage().severity()).isEqualTo(LeanMessage.Severity.ERROR);
        assertThat(d.get(1).toMessage()).isEqualTo(new LeanMessage(LeanMessage.Severity.ERROR, 1, 0, 1, 0, "zero"));
        assertThat(d.get(2).toMessage().line()).isEqualTo(1);
        assertThat(wire.client.protocolErrorReason()).isEmpty();
    }

    private DocumentListener listener() {
        return new DocumentListener() {
            @Override
            public void onDiagnostics(LeanPublishDiagnosticsParams params) {
                heard.add(params);
            }

            @Override
            public void onFileProgress(LeanFileProgressParams params) {
                heard.add(params);
            }

            @Override
            public void onServerTerminated(String reason) {
                heard.add("terminated: " + reason);
            }
        };
    }

    private Object next() throws InterruptedException {
        Object item = heard.poll(5, TimeUnit.SECONDS);
        assertThat(item).as("a notification reached the listener").isNotNull();
        return item;
    }
}
