package dev.leanforge.loop.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leanforge.bridge.LeanChecker;
import dev.leanforge.bridge.check.CheckTask;
import dev.leanforge.bridge.pool.PoolConfig;
import dev.leanforge.bridge.server.ServerCommand;
import dev.leanforge.bridge.verdict.Verdict;
import dev.leanforge.loop.http.VerifyApiOptions;
import dev.leanforge.loop.http.VerifyApiVerticle;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks/s through the verification API (N concurrent HTTP clients, JDK HttpClient, one snippet or a batch per
 * request) against the same checks submitted to the pool directly with the same concurrency, on one warm pool.
 * Run by {@code bench/verify-standin.sh} against the scripted stand-in (a test double that accepts every proof), it
 * measures leanforge's HTTP, JSON, scan and pool plumbing, never Lean. Prints one line per client count.
 *
 * <pre>
 * java -cp prover-loop/target/leanforge.jar dev.leanforge.loop.verify.VerifyBenchmark --server-cmd CMD
 *      [--project-dir DIR] [--workers 1] [--clients 1,4,16] [--checks 400] [--warmup 50] [--batch 1]
 * </pre>
 */
public final class VerifyBenchmark {

    private record Options(String serverCmd, Path projectDir, int workers, List<Integer> clients, int checks,
                           int warmup, int batch) {}

    private record Run(double checksPerSecond, long[] requestMicros, int notProved) {
        double percentileMillis(double q) {
            long[] sorted = requestMicros.clone();
            Arrays.sort(sorted);
            return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))]
                    / 1000.0;
        }
    }

    private VerifyBenchmark() {}

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        int most = o.clients().stream().mapToInt(Integer::intValue).max().orElse(1);
        PoolConfig config = PoolConfig.builder().workers(o.workers())
                .queueCapacity(Math.max(4 * o.workers(), most * o.batch()))
                .recycleAfterChecks(1_000_000)
                .checkTimeout(Duration.ofSeconds(60)).build();
        Vertx vertx = Vertx.vertx();
        try (LeanChecker pool = LeanChecker.builder().server(ServerCommand.shell(o.serverCmd(), o.projectDir()))
                .pool(config).build()) {
            pool.ready().join();
            SnippetChecker checker = new SnippetChecker(pool, HeaderTrust.allowing(List.of()));
            VerifyApiVerticle api = new VerifyApiVerticle(VerifyApiOptions.of("127.0.0.1", 0)
                    .withMaxBatch(Math.max(o.batch(), 1)), checker);
            vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(Math.max(2, most))).build();
            URI check = URI.create(api.url() + "/api/check");
            AtomicInteger ids = new AtomicInteger();
            // Warm-up: both paths, so the JIT has seen them.
            direct(pool, o.warmup(), 1, o.batch(), ids);
            viaHttp(http, check, o.warmup(), 1, o.batch(), ids);
            System.out.printf("verify bench: %d worker(s), %d checks per run, %d snippet(s) per request "
                    + "(stand-in: measures leanforge's plumbing, not Lean)%n", o.workers(), o.checks(), o.batch());
            System.out.println("clients | direct checks/s | API checks/s | API/direct | direct p50 ms | API p50 ms | "
                    + "API p99 ms | overhead p50 ms");
            for (int clients : o.clients()) {
                Run direct = direct(pool, o.checks(), clients, o.batch(), ids);
                Run api2 = viaHttp(http, check, o.checks(), clients, o.batch(), ids);
                if (direct.notProved() + api2.notProved() > 0) {
                    System.out.println("warning: " + (direct.notProved() + api2.notProved())
                            + " checks were not PROVED (the stand-in should accept every proof)");
                }
                System.out.printf("%7d | %15.0f | %12.0f | %9.0f%% | %13.2f | %10.2f | %10.2f | %15.2f%n", clients,
                        direct.checksPerSecond(), api2.checksPerSecond(),
                        100 * api2.checksPerSecond() / direct.checksPerSecond(), direct.percentileMillis(0.5),
                        api2.percentileMillis(0.5), api2.percentileMillis(0.99),
                        api2.percentileMillis(0.5) - direct.percentileMillis(0.5));
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static String snippet(int i) {
        return "theorem leanforge_bench_" + i + " : " + i + " + 1 = " + i + "+1 := by decide\n";
    }

    /** {@code clients} loops, each submitting {@code batch} pool checks and waiting for them, until {@code checks}. */
    private static Run direct(LeanChecker pool, int checks, int clients, int batch, AtomicInteger ids)
            throws Exception {
        return closedLoop(checks, clients, batch, () -> {
            List<CompletableFuture<Verdict>> verdicts = new ArrayList<>();
            for (int k = 0; k < batch; k++) {
                int i = ids.incrementAndGet();
                verdicts.add(pool.check(new CheckTask("", "leanforge_bench_" + i,
                        "theorem leanforge_bench_" + i + " : " + i + " + 1 = " + i + "+1 :=", "by decide")));
            }
            int notProved = 0;
            for (CompletableFuture<Verdict> v : verdicts) {
                notProved += v.join() instanceof Verdict.Proved ? 0 : 1;
            }
            return notProved;
        });
    }

    private static Run viaHttp(HttpClient http, URI check, int checks, int clients, int batch, AtomicInteger ids)
            throws Exception {
        return closedLoop(checks, clients, batch, () -> {
            ObjectNode body = KiminaJson.MAPPER.createObjectNode().put("timeout", 60);
            ArrayNode snippets = body.putArray("snippets");
            for (int k = 0; k < batch; k++) {
                int i = ids.incrementAndGet();
                snippets.addObject().put("id", "b" + i).put("code", snippet(i));
            }
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(check)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
            }
            int notProved = 0;
            for (JsonNode r : KiminaJson.MAPPER.readTree(response.body()).get("results")) {
                notProved += r.get("leanforge").get("status").asText().equals("PROVED") ? 0 : 1;
            }
            return notProved;
        });
    }

    private interface Request {
        int send() throws Exception;
    }

    private static Run closedLoop(int checks, int clients, int batch, Request request) throws Exception {
        int requests = Math.max(1, checks / batch);
        AtomicInteger left = new AtomicInteger(requests);
        AtomicInteger notProved = new AtomicInteger();
        long[] micros = new long[requests];
        AtomicInteger done = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            loops.add(threads.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    long t0 = System.nanoTime();
                    notProved.addAndGet(request.send());
                    micros[done.getAndIncrement()] = (System.nanoTime() - t0) / 1000;
                }
                return null;
            }));
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        return new Run(requests * batch / seconds, micros, notProved.get());
    }

    private static Options parse(String[] args) {
        String serverCmd = null;
        Path projectDir = Path.of(".");
        int workers = 1;
        List<Integer> clients = List.of(1, 4, 16);
        int checks = 400;
        int warmup = 50;
        int batch = 1;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--server-cmd" -> serverCmd = value;
                case "--project-dir" -> projectDir = Path.of(value);
                case "--workers" -> workers = Integer.parseInt(value);
                case "--clients" -> clients = Arrays.stream(value.split(",")).map(String::strip)
                        .map(Integer::parseInt).toList();
                case "--checks" -> checks = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; see the class comment");
            }
            i++;
        }
        if (serverCmd == null || workers < 1 || checks < 1 || batch < 1 || warmup < 0
                || clients.stream().anyMatch(c -> c < 1)) {
            throw new IllegalArgumentException("--server-cmd is required; counts must be positive");
        }
        return new Options(serverCmd, Optional.of(projectDir).get(), workers, clients, checks, warmup, batch);
    }
}
