package dev.leanforge.loop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.leanforge.loop.http.DashboardData;
import dev.leanforge.loop.store.Unwritable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private CommandLine leanforge() {
        return LeanforgeCli.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    }

    @Test
    void servesTheStoreUntilStoppedAndPrintsTheUrl() throws Exception {
        Path store = DashboardData.write(tmp.resolve("runs/leanforge.db"));
        CommandLine cli = leanforge();
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("serve", "--port", "0",
                "--store", store.toString()));

        String url = awaitUrl(exit);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(url + "api/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url + "metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        serve.stopRequested.complete(null);

        assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(url).startsWith("http://127.0.0.1:");
        assertThat(out.toString()).contains("(store: " + store.toAbsolutePath() + "). Press Ctrl-C to stop.",
                "leanforge serve stopped.");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("\"campaigns\":2");
        // The command builds its Vertx with metrics: HTTP requests show up next to the leanforge meters.
        assertThat(metrics.body()).contains("vertx_http_server_requests_total{", "route=\"/api/status\"",
                "leanforge_campaigns_live 0.0");
        URI address = URI.create(url);
        assertThatThrownBy(() -> new Socket(address.getHost(), address.getPort()).close())
                .as("the port is free again").isInstanceOf(ConnectException.class);
    }

    @Test
    void servesAStoreInADirectoryNothingCanWriteToAndLeavesItAsItWas() throws Exception {
        Path store = DashboardData.write(tmp.resolve("archive/leanforge.db"));
        byte[] before = Files.readAllBytes(store);
        CommandLine cli = leanforge();
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        HttpResponse<String> status;
        int code;
        try (Unwritable frozen = Unwritable.make(store.getParent())) {
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("serve", "--port", "0",
                    "--store", store.toString()));
            String url = awaitUrl(exit);
            status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "api/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            serve.stopRequested.complete(null);
            code = exit.get(30, TimeUnit.SECONDS);
        }

        assertThat(code).as(err.toString()).isZero();
        assertThat(status.body()).contains("\"campaigns\":2");
        assertThat(Files.readAllBytes(store)).isEqualTo(before);
    }

    @Test
    void anAllowedHostIsAnsweredAndOtherNamesAreRefused() throws Exception {
        Path store = DashboardData.write(tmp.resolve("runs/leanforge.db"));
        CommandLine cli = leanforge();
        ServeCommand serve = cli.getSubcommands().get("serve").getCommand();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("serve", "--port", "0",
                "--store", store.toString(), "--allowed-host", "dash.example"));
        int port = URI.create(awaitUrl(exit)).getPort();

        String allowed = get(port, "dash.example:" + port);
        String refused = get(port, "evil.example");
        serve.stopRequested.complete(null);

        assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(allowed).startsWith("HTTP/1.1 200 ");
        assertThat(refused).startsWith("HTTP/1.1 421 ").doesNotContain(tmp.toString());
    }

    /** GET /api/status with this Host header (java.net.http would not send just any), and all that came back. */
    private static String get(int port, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/status HTTP/1.1\r\nHost: " + host
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aMissingStoreIsAnErrorAndIsNotCreated() {
        Path store = tmp.resolve("nowhere/leanforge.db");

        int code = leanforge().execute("serve", "--store", store.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("No store at " + store, "--store");
        assertThat(store.getParent()).doesNotExist();
    }

    @Test
    void aTakenPortIsAnErrorThatSaysWhatToDo() throws IOException {
        Path store = DashboardData.write(tmp.resolve("leanforge.db"));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();

            int code = leanforge().execute("serve", "--port", String.valueOf(port), "--store", store.toString());

            assertThat(code).isEqualTo(2);
            assertThat(err.toString()).contains("Cannot listen on 127.0.0.1:" + port, "choose another with --port");
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        Path store = DashboardData.write(tmp.resolve("leanforge.db"));

        assertThat(leanforge().execute("serve", "--port", "70000", "--store", store.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("'--port'", "must be a whole number between 0 and 65535; got 70000");
    }

    @Test
    void theDefaultsAreLocalPort8080AndTheRunsStore() {
        CommandLine serve = leanforge().getSubcommands().get("serve");

        assertThat(serve.getCommandSpec().findOption("--port").defaultValue()).isEqualTo("8080");
        assertThat(serve.getCommandSpec().findOption("--host").defaultValue()).isEqualTo("127.0.0.1");
        assertThat(serve.getCommandSpec().findOption("--store").defaultValue()).isEqualTo("runs/leanforge.db");
    }

    private String awaitUrl(CompletableFuture<Integer> exit) throws InterruptedException {
        Pattern serving = Pattern.compile("Serving the leanforge dashboard at (http://\\S+/) ");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && !exit.isDone()) {
            Matcher url = serving.matcher(out.toString());
            if (url.find()) {
                return url.group(1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("serve did not print its URL; out: " + out + " err: " + err);
    }
}
