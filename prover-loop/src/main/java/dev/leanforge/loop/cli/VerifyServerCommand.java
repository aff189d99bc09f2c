package dev.leanforge.loop.cli;

import dev.leanforge.loop.config.Limit;
import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.loop.http.HttpApiOptions;
import dev.leanforge.loop.http.VerifyApiOptions;
import dev.leanforge.loop.http.VerifyApiVerticle;
import dev.leanforge.loop.verify.HeaderTrust;
import dev.leanforge.loop.verify.SnippetChecker;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code leanforge verify-server}: a proof-checking API compatible with kimina-lean-server, on a warm pool of Lean
 * servers, until Ctrl-C. A command of its own rather than a {@code serve} option: {@code serve} reads a store and
 * never starts Lean, this one starts Lean and needs no store, and the two have different callers (a browser on the
 * dashboard, programs that need auth and limits here). docs/verify-api.md describes it.
 */
@Command(
        name = "verify-server",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Serve a proof-checking API compatible with kimina-lean-server (POST /api/check, POST /verify) on a pool "
                    + "of warm Lean servers, until Ctrl-C.",
            "Each snippet is a whole Lean file; its last theorem is checked as `leanforge check` would, and each "
                    + "result carries kimina's REPL-style response plus leanforge's verdict. See docs/verify-api.md.",
            "Exit codes: 0 stopped, 2 usage or environment error (Lean cannot start, the port is taken)."
        })
final class VerifyServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Within(Limit.PORT)
    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + VerifyApiOptions.DEFAULT_PORT,
            description = "The port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = HttpApiOptions.DEFAULT_HOST,
            description = "The address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = "Also answer requests for this host name (repeatable; * for any), against DNS rebinding.")
    List<String> allowedHosts = List.of();

    @Option(names = "--token-env", paramLabel = "NAME",
            description = "Require `Authorization: Bearer TOKEN` with the token read from this environment variable "
                    + "(every route but /health; 401 otherwise).")
    String tokenEnv;

    @Within(Limit.WORKERS)
    @Option(names = "--workers", paramLabel = "N",
            description = "Lean servers kept warm (default: the number of cores).")
    Integer workers;

    @Within(Limit.VERIFY_BATCH)
    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "" + VerifyApiOptions.DEFAULT_MAX_BATCH,
            description = "The most snippets one request may hold; more is refused with 413 (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Within(Limit.VERIFY_QUEUE)
    @Option(names = "--queue", paramLabel = "N",
            description = "Checks that may wait for a worker; a batch that does not fit is refused whole with 429 "
                    + "(default: the larger of 4 x workers and --max-batch).")
    Integer queue;

    @Mixin
    LeanOptions lean;

    @Mixin
    SnippetTrustOptions trust;

    /** Completing it stops the server; Ctrl-C (the shutdown hook) completes it. */
    final CompletableFuture<Void> stopRequested = new CompletableFuture<>();

    /** Where environment variables come from (tests replace it). */
    UnaryOperator<String> environment = System::getenv;

    /** Set once listening (tests read the port from it). */
    volatile VerifyApiVerticle verticle;

    @Override
    public Integer call() throws InterruptedException {
        int workerCount = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (workerCount < 1) {
            throw new CliError("--workers must be at least 1, got " + workerCount);
        }
        if (maxBatch < 1) {
            throw new CliError("--max-batch must be at least 1, got " + maxBatch);
        }
        int queueCapacity = queue != null ? queue : Math.max(4 * workerCount, maxBatch);
        if (queueCapacity < 0) {
            throw new CliError("--queue must be at least 0, got " + queueCapacity);
        }
        if (workerCount + queueCapacity < maxBatch) {
            throw new CliError("--queue " + queueCapacity + " and --workers " + workerCount + " hold fewer checks than "
                    + "--max-batch " + maxBatch + ", so a full batch could never be admitted: raise --queue");
        }
        VerifyApiOptions options;
        try {
            options = VerifyApiOptions.of(host, port).withAllowedHosts(allowedHosts).withToken(token())
                    .withMaxBatch(maxBatch);
        } catch (IllegalArgumentException e) {
            throw new CliError(e.getMessage(), e);
        }
        HeaderTrust headers = trust.headerTrust();
        ServerCommand command = lean.serverCommand();
        Duration timeout = lean.timeout();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LeanChecker lean = LeanChecker.builder().server(command).workers(workerCount)
                .queueCapacity(queueCapacity).timeout(timeout).build()) {
            try {
                lean.ready().get();
            } catch (ExecutionException e) {
                throw new CliError("Lean could not be started with " + command + ": " + e.getCause().getMessage()
                        + "\nRun `leanforge doctor`, or check the --server-cmd and --project-dir options.", e);
            }
            Vertx vertx = Vertx.vertx();
            VerifyApiVerticle api = new VerifyApiVerticle(options, new SnippetChecker(lean, headers));
            UntilCtrlC life = new UntilCtrlC("verify-server", out, err);
            if (!life.deploy(vertx, api, host, port)) {
                return LeanforgeCli.EXIT_USAGE;
            }
            verticle = api;
            life.serve(vertx, stopRequested, "Serving the leanforge verification API (kimina-lean-server compatible: "
                    + "POST /api/check, POST /verify) at " + api.url() + " with " + workerCount + " Lean workers, "
                    + (headers.trustsAll() ? "every header trusted" : headers.allowedCount() + " allowed headers")
                    + (options.token().isPresent() ? ", token required" : ", no token") + ". Press Ctrl-C to stop.");
        }
        return 0;
    }

    private Optional<String> token() {
        if (tokenEnv == null) {
            return Optional.empty();
        }
        String value = environment.apply(tokenEnv);
        if (value == null || value.isBlank()) {
            throw new CliError("--token-env " + tokenEnv + ": the environment variable " + tokenEnv
                    + " is not set or empty");
        }
        return Optional.of(value.strip());
    }
}
