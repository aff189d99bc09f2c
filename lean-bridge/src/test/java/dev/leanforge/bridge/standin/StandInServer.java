package dev.leanforge.bridge.standin;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.leanforge.bridge.standin.LeanWire.Diagnostic;
import dev.leanforge.bridge.standin.LeanWire.DidOpenParams;
import dev.leanforge.bridge.standin.LeanWire.DocumentVersion;
import dev.leanforge.bridge.standin.LeanWire.FileProgressParams;
import dev.leanforge.bridge.standin.LeanWire.Processing;
import dev.leanforge.bridge.standin.LeanWire.PublishDiagnosticsParams;
import dev.leanforge.bridge.standin.LeanWire.WaitForDiagnosticsParams;
import dev.leanforge.bridge.standin.RulesFile.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentPositionParams;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.services.JsonNotification;
import org.eclipse.lsp4j.jsonrpc.services.JsonRequest;

/**
 * The scripted Lean server: LSP4J calls these handlers, which hand all work to one worker thread, so document
 * state needs no locks and every document sees its messages in arrival order.
 *
 * <p>One check (a didOpen or didChange) runs as Lean's worker would report it (spec §3): optional stale
 * diagnostics of version - 1, {@code fileProgress} over the whole document, then — after {@code delayMs} — the
 * final diagnostics and {@code processing: []}, and only then the answer to waitForDiagnostics.
 */
final class StandInServer {

    private static final String INITIALIZE_RESULT = """
            {"serverInfo": {"name": "Lean 4 Server", "version": ""},
             "capabilities": {
              "textDocumentSync": {"openClose": true, "change": 2, "willSave": false,
                                   "willSaveWaitUntil": false, "save": {"includeText": true}},
              "completionProvider": {"triggerCharacters": ["."], "resolveProvider": true},
              "hoverProvider": true, "declarationProvider": true, "definitionProvider": true,
              "typeDefinitionProvider": true, "referencesProvider": true,
              "callHierarchyProvider": true, "renameProvider": {"prepareProvider": true},
              "workspaceSymbolProvider": true, "documentHighlightProvider": true,
              "documentSymbolProvider": true, "foldingRangeProvider": true,
              "semanticTokensProvider": {"legend": {"tokenTypes": ["keyword", "variable", "property", "function"],
                                                    "tokenModifiers": ["declaration", "definition"]},
                                         "full": true, "range": true},
              "codeActionProvider": {"resolveProvider": true,
                                     "codeActionKinds": ["quickfix", "refactor", "source.organizeImports"]},
              "inlayHintProvider": {"resolveProvider": false},
              "experimental": {"moduleHierarchyProvider": {},
                               "rpcProvider": {"highlightMatchesProvider": {}, "rpcWireFormat": "v1"}}}}
            """;

    private final RulesFile rules;
    private final boolean trace;
    // One thread owns all state below; daemon, so the end of stdin ends the process.
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stand-in-worker");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, OpenDocument> documents = new HashMap<>();
    private final List<byte[]> grown = new ArrayList<>();
    private volatile boolean shutDown;
    private LeanClient client;
    private boolean silentSupport;
    private boolean incrementalSupport;

    /** @param trace whether to note worker starts on stderr (next to {@link ReceivedLog}'s trace) */
    StandInServer(RulesFile rules, boolean trace) {
        this.rules = rules;
        this.trace = trace;
    }

    void connect(LeanClient client) {
        this.client = client;
    }

    boolean isShutDown() {
        return shutDown;
    }

    @JsonRequest("initialize")
    public CompletableFuture<Object> initialize(JsonObject params) {
        return request(result -> {
            JsonObject lean = object(object(params, "capabilities"), "lean");
            silentSupport = flag(lean, "silentDiagnosticSupport");
            incrementalSupport = flag(lean, "incrementalDiagnosticSupport");
            JsonObject answer = JsonParser.parseString(INITIALIZE_RESULT).getAsJsonObject();
            answer.getAsJsonObject("serverInfo").addProperty("version", rules.serverVersion());
            result.complete(answer);
        });
    }

    @JsonNotification("initialized")
    public void initialized(JsonObject params) {
        run(() -> {
            DidChangeWatchedFilesRegistrationOptions watchers = new DidChangeWatchedFilesRegistrationOptions(List.of(
                    new FileSystemWatcher(Either.forLeft("**/*.lean")),
                    new FileSystemWatcher(Either.forLeft("**/*.ilean"))));
            client.registerCapability(new RegistrationParams(List.of(
                            new Registration("lean_watcher", "workspace/didChangeWatchedFiles", watchers))))
                    .exceptionally(e -> {
                        System.err.println("stand-in: client refused the watcher registration: " + e);
                        return null;
                    });
        });
    }

    @JsonRequest("shutdown")
    public CompletableFuture<Object> shutdown() {
        shutDown = true;
        return CompletableFuture.completedFuture(null);
    }

    @JsonNotification("exit")
    public void exit() {
        System.exit(shutDown ? 0 : 1);
    }

    @JsonNotification("textDocument/didOpen")
    public void didOpen(DidOpenParams params) {
        run(() -> {
            String uri = params.textDocument().getUri();
            // Lean converts CRLF to LF (spec §2).
            StandInDocument text = new StandInDocument(params.textDocument().getText().replace("\r\n", "\n"));
            OpenDocument document = new OpenDocument(uri, text, params.textDocument().getVersion());
            OpenDocument previous = documents.put(uri, document);
            if (previous != null) {
                System.err.println("stand-in: didOpen for " + uri + ", which was already open; replacing it");
                previous.terminate();
            }
            check(document, true);
        });
    }

    @JsonNotification("textDocument/didChange")
    public void didChange(DidChangeTextDocumentParams params) {
        run(() -> {
            String uri = params.getTextDocument().getUri();
            OpenDocument document = documents.get(uri);
            if (document == null) {
                System.err.println("stand-in: didChange for " + uri + ", which is not open; ignored");
                return;
            }
            if (params.getContentChanges().isEmpty()) {
                return; // Lean ignores an empty change list
            }
            String text = document.text.text();
            for (TextDocumentContentChangeEvent change : params.getContentChanges()) {
                text = apply(new StandInDocument(text), change);
            }
            StandInDocument next = new StandInDocument(text);
            // A changed header restarts Lean's worker, which loads the imports again (spec §2).
            boolean workerRestart = !next.header().equals(document.text.header());
            document.text = next;
            document.version = params.getTextDocument().getVersion();
            check(document, workerRestart);
        });
    }

    @JsonNotification("textDocument/didClose")
    public void didClose(DidCloseTextDocumentParams params) {
        run(() -> {
            String uri = params.getTextDocument().getUri();
            OpenDocument document = documents.remove(uri);
            if (document != null) {
                document.terminate();
                client.publishDiagnostics(new PublishDiagnosticsParams(uri, null, List.of(), null));
            }
        });
    }

    @JsonRequest("textDocument/waitForDiagnostics")
    public CompletableFuture<Object> waitForDiagnostics(WaitForDiagnosticsParams params) {
        return request(result -> openDocument(params.uri()).await(params.version(), result, JsonObject::new));
    }

    @JsonRequest("$/lean/plainGoal")
    public CompletableFuture<Object> plainGoal(TextDocumentPositionParams params) {
        return request(result -> {
            OpenDocument document = openDocument(params.getTextDocument().getUri());
            // Like Lean, answer once the document is elaborated, from the text then current.
            document.await(document.version, result, () -> ScriptedAnswers.plainGoal(document.text,
                    params.getPosition(), rules.ruleFor(document.text.body())));
        });
    }

    @JsonRequest("$/lean/plainTermGoal")
    public CompletableFuture<Object> plainTermGoal(TextDocumentPositionParams params) {
        return request(result -> {
            openDocument(params.getTextDocument().getUri());
            result.complete(null);
        });
    }

    private void check(OpenDocument document, boolean workerStart) {
        int version = document.version;
        StandInDocument text = document.text;
        Rule rule = rules.ruleFor(text.body());
        long delay = rule.delayMs() + (workerStart ? rules.startupDelayMs() : 0);
        if (workerStart && trace) {
            System.err.println("stand-in: worker start for " + document.uri + " v" + version + " (startupDelayMs "
                    + rules.startupDelayMs() + ")");
        }
        if (rule.staleFirst()) {
            publish(document.uri, version - 1, List.of(ScriptedAnswers.staleError(text, version - 1)),
                    incrementalFlag(false));
        }
        progress(document.uri, version, List.of(new Processing(text.whole(), Processing.PROCESSING)));
        switch (rule.behaviour()) {
            case HANG -> { } // never finishes; only a $/cancelRequest ends the wait
            case CRASH -> later(delay, () -> {
                System.err.println("stand-in: rule behaviour \"crash\": exiting with code "
                        + LeanStandIn.CRASH_EXIT_CODE + " while checking " + document.uri + " v" + version);
                Runtime.getRuntime().halt(LeanStandIn.CRASH_EXIT_CODE);
            });
            case FATAL -> later(delay, () -> ifCurrent(document, version, () -> {
                publish(document.uri, version, List.of(ScriptedAnswers.fatalHeaderError()), incrementalFlag(false));
                Range origin = new Range(new Position(0, 0), new Position(0, 0));
                progress(document.uri, version, List.of(new Processing(origin, Processing.FATAL_ERROR)));
                document.finish(version);
            }));
            case ANSWER, GROW -> {
                grow(rule.growMb());
                if (rule.earlyEmptyProgress()) {
                    progress(document.uri, version, List.of());
                    publish(document.uri, version, List.of(), incrementalFlag(false));
                }
                later(delay, () -> ifCurrent(document, version, () -> answer(document, version, rule)));
            }
        }
    }

    private void answer(OpenDocument document, int version, Rule rule) {
        List<Diagnostic> diagnostics =
                ScriptedAnswers.finalDiagnostics(document.text, rule, rules.sorryStyle(), silentSupport);
        if (rule.incremental() && incrementalSupport) {
            // The last diagnostic comes alone as the appended batch: a client that replaces instead of appending
            // loses everything before it (usually the errors) and keeps only the #print axioms answer.
            int split = Math.max(0, diagnostics.size() - 1);
            publish(document.uri, version, diagnostics.subList(0, split), false);
            publish(document.uri, version, diagnostics.subList(split, diagnostics.size()), true);
        } else {
            publish(document.uri, version, diagnostics, incrementalFlag(false));
        }
        if (!rule.earlyEmptyProgress()) {
            progress(document.uri, version, List.of());
        }
        document.finish(version);
    }

    /** {@code isIncremental} is sent only to clients that advertised incremental diagnostics. */
    private Boolean incrementalFlag(boolean incremental) {
        return incrementalSupport ? incremental : null;
    }

    private void grow(int megabytes) {
        for (int i = 0; i < megabytes; i++) {
            byte[] block = new byte[1 << 20];
            for (int page = 0; page < block.length; page += 4096) {
                block[page] = 1; // touch every page so that it counts in the process's RSS
            }
            grown.add(block);
        }
    }

    private void ifCurrent(OpenDocument document, int version, Runnable action) {
        // A newer version or a close supersedes this check, as Lean cancels elaboration of an outdated version.
        if (documents.get(document.uri) == document && document.version == version) {
            action.run();
        }
    }

    private void publish(String uri, int version, List<Diagnostic> diagnostics, Boolean isIncremental) {
        client.publishDiagnostics(new PublishDiagnosticsParams(uri, version, List.copyOf(diagnostics), isIncremental));
    }

    private void progress(String uri, int version, List<Processing> processing) {
        client.fileProgress(new FileProgressParams(new DocumentVersion(uri, version), processing));
    }

    private OpenDocument openDocument(String uri) {
        OpenDocument document = documents.get(uri);
        if (document == null) {
            throw new ResponseErrorException(new ResponseError(ResponseErrorCode.ContentModified,
                    "Cannot process request to closed file '" + uri + "'", null));
        }
        return document;
    }

    private static String apply(StandInDocument document, TextDocumentContentChangeEvent change) {
        if (change.getRange() == null) {
            return change.getText();
        }
        String text = document.text();
        int start = document.offsetOf(change.getRange().getStart());
        int end = document.offsetOf(change.getRange().getEnd());
        return text.substring(0, start) + change.getText() + text.substring(end);
    }

    private CompletableFuture<Object> request(Consumer<CompletableFuture<Object>> body) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        run(() -> {
            try {
                body.accept(result);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void run(Runnable task) {
        later(0, task);
    }

    private void later(long delayMs, Runnable task) {
        // Scheduled executors keep a task's exception in its future; print it, or a broken stand-in would be silent.
        Runnable guarded = () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                System.err.println("stand-in: internal error");
                e.printStackTrace();
            }
        };
        worker.schedule(guarded, delayMs, TimeUnit.MILLISECONDS);
    }

    private static JsonObject object(JsonObject parent, String field) {
        JsonElement value = parent == null ? null : parent.get(field);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : null;
    }

    private static boolean flag(JsonObject parent, String field) {
        JsonElement value = parent == null ? null : parent.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsBoolean();
    }

    /** One open document and the requests waiting for a version of it to finish. */
    private static final class OpenDocument {
        final String uri;
        StandInDocument text;
        int version;
        private int finishedVersion = Integer.MIN_VALUE;
        private final List<Waiter> waiters = new ArrayList<>();

        OpenDocument(String uri, StandInDocument text, int version) {
            this.uri = uri;
            this.text = text;
            this.version = version;
        }

        /** Answers with {@code answer} once diagnostics of a version ≥ {@code atLeast} are final (never if never). */
        void await(int atLeast, CompletableFuture<Object> result, Supplier<Object> answer) {
            waiters.removeIf(w -> w.result.isDone()); // cancelled ones
            if (finishedVersion >= atLeast) {
                result.complete(answer.get());
            } else {
                waiters.add(new Waiter(atLeast, result, answer));
            }
        }

        void finish(int version) {
            finishedVersion = Math.max(finishedVersion, version);
            List<Waiter> ready = waiters.stream().filter(w -> w.atLeast <= finishedVersion).toList();
            waiters.removeAll(ready);
            ready.forEach(w -> w.result.complete(w.answer.get()));
        }

        /** Lean fails a closed document's pending requests (spec §2). */
        void terminate() {
            ResponseError error = new ResponseError(ResponseErrorCode.ContentModified,
                    "The file worker for " + uri + " has been terminated.", null);
            waiters.forEach(w -> w.result.completeExceptionally(new ResponseErrorException(error)));
            waiters.clear();
        }

        private record Waiter(int atLeast, CompletableFuture<Object> result, Supplier<Object> answer) {
        }
    }
}
